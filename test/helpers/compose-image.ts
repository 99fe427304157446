import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const COMPOSE_FILE = join(import.meta.dirname, '..', '..', 'docker-compose.yml');

/** The postgis image docker-compose.yml pins for the `db` service: the container tests run the same one. */
export function composeImage(): string {
  const match = /^\s+image:\s*(postgis\/postgis:\S+)\s*$/m.exec(readFileSync(COMPOSE_FILE, 'utf8'));
  if (!match) throw new Error(`no postgis/postgis image in ${COMPOSE_FILE}`);
  return match[1]!;
}
