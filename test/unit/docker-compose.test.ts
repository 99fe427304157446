import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPOSE_FILE, composeImage } from '../helpers/compose-image.js';

describe('docker-compose.yml', () => {
  const text = readFileSync(COMPOSE_FILE, 'utf8');

  it('pins a PostgreSQL 15 + PostGIS 3 image (never latest)', () => {
    expect(composeImage()).toMatch(/^postgis\/postgis:15-3\.\d+$/);
  });

  it('has a pg_isready healthcheck, a named volume, a loopback port and a one-shot migrate service gated on health', () => {
    expect(text).toMatch(/healthcheck:[\s\S]*pg_isready/);
    expect(text).toMatch(/^volumes:\n\s+aegis-pgdata:/m);
    expect(text).toMatch(/-\s+"127\.0\.0\.1:55432:5432"/);
    expect(text).toMatch(/migrate:[\s\S]*command: \["node", "bin\/aegis-db\.js", "migrate"\][\s\S]*condition: service_healthy/);
  });
});
