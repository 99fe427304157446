import { describe, expect, it } from 'vitest';
import { redact } from '../../src/index.js';

/** Every shape a libpq / pg connection string can carry a password in: [shape, input, expected]. */
const SHAPES: [string, string, string][] = [
  ['URL', 'postgres://me:s3cret@db:5432/app', 'postgres://me:***@db:5432/app'],
  ['postgresql scheme', 'postgresql://me:s3cret@db/app', 'postgresql://me:***@db/app'],
  ['percent-encoded password', 'postgres://me:s3cr%40t@db/app', 'postgres://me:***@db/app'],
  ['raw @ in the password', 'postgres://me:p@ss@w0rd@db:5432/app', 'postgres://me:***@db:5432/app'],
  ['raw : in the password', 'postgres://me:a:b:c@db/app', 'postgres://me:***@db/app'],
  ['space in the password', 'postgres://me:my secret@db/app', 'postgres://me:***@db/app'],
  ['empty user', 'postgres://:s3cret@db/app', 'postgres://:***@db/app'],
  ['no host (socket)', 'postgres://me:s3cret@/app?host=/var/run/postgresql', 'postgres://me:***@/app?host=/var/run/postgresql'],
  ['IPv6 host', 'postgres://me:s3cret@[::1]:5432/app', 'postgres://me:***@[::1]:5432/app'],
  ['host only, at the end', 'postgres://me:s3cret@db', 'postgres://me:***@db'],
  ['query password', 'postgres://me@db/app?password=s3cret', 'postgres://me@db/app?password=***'],
  [
    'query password after another param',
    'postgres://db/app?sslmode=require&password=s3cret&application_name=x',
    'postgres://db/app?sslmode=require&password=***&application_name=x',
  ],
  ['query sslpassword', 'postgres://db/app?sslpassword=s3cret', 'postgres://db/app?sslpassword=***'],
  ['password in both places', 'postgres://me:one@db/app?password=two', 'postgres://me:***@db/app?password=***'],
  ['no scheme', 'me:s3cret@db.example.com:5432/app', 'me:***@db.example.com:5432/app'],
  ['no scheme, no port', 'using me:s3cret@db/app', 'using me:***@db/app'],
  ['no scheme, raw @', 'me:p@ss@db/app', 'me:***@db/app'],
  ['libpq key=value', 'host=db user=me password=s3cret dbname=app', 'host=db user=me password=*** dbname=app'],
  ['libpq spaces around =', 'host=db password = s3cret dbname=app', 'host=db password = *** dbname=app'],
  ['libpq quoted with a space', "host=db password='my s3cret' dbname=app", 'host=db password=*** dbname=app'],
  ["libpq quoted with an escaped '", "password='it\\'s' dbname=app", 'password=*** dbname=app'],
  ['libpq sslpassword', 'sslkey=/k.pem sslpassword=s3cret', 'sslkey=/k.pem sslpassword=***'],
  ['PGPASSWORD', 'PGPASSWORD=s3cret psql', 'PGPASSWORD=*** psql'],
  ['upper-case keyword', 'PASSWORD=s3cret', 'PASSWORD=***'],
  ['inside a JSON string', '{"url": "postgres://me:s3cret@db/app"}', '{"url": "postgres://me:***@db/app"}'],
  [
    'inside double quotes with a space',
    'DATABASE_URL "postgres://me:my pw@db/app" names no host',
    'DATABASE_URL "postgres://me:***@db/app" names no host',
  ],
  ['in parentheses', 'cannot connect (postgres://me:s3cret@db)', 'cannot connect (postgres://me:***@db)'],
  [
    'two URLs in one line',
    'a postgres://me:s3cr%40t@db:5432/x and postgresql://u:p@h/y',
    'a postgres://me:***@db:5432/x and postgresql://u:***@h/y',
  ],
  ['other scheme', 'mysql://admin:hunter2@db:3306/x', 'mysql://admin:***@db:3306/x'],
];

/** Text that carries no password and must come out unchanged. */
const UNCHANGED: [string, string][] = [
  ['URL without a password', 'postgres://me@db/app'],
  ['URL without user info', 'postgres://db:5432/app?sslmode=require'],
  ['an e-mail address', 'user alice@example.com not found'],
  ['a time and an e-mail', 'at 12:30 mail bob@example.com'],
  ['the word password in prose', 'password authentication failed for user "me"'],
  ['a column list', 'password_hash, email'],
  ['already redacted', 'postgres://me:***@db/app password=***'],
];

describe('redact', () => {
  it.each(SHAPES)('%s', (_shape, input, expected) => {
    expect(redact(input)).toBe(expected);
    expect(redact(redact(input))).toBe(expected);
  });

  it.each(UNCHANGED)('leaves alone: %s', (_what, input) => {
    expect(redact(input)).toBe(input);
  });

  it('no secret survives any shape, on a line of its own or inside other text', () => {
    for (const [, input] of SHAPES) {
      for (const text of [input, `engine: server ${input}`, JSON.stringify({ url: input })]) {
        const out = redact(text);
        for (const secret of [
          's3cret',
          's3cr%40t',
          'hunter2',
          'ss@w0rd',
          'my s3cret',
          'my secret',
          "it\\'s",
          'one',
          'two',
          'a:b:c',
          'my pw',
        ]) {
          if (input.includes(secret)) expect(out, text).not.toContain(secret);
        }
      }
    }
  });
});
