// Times createTestDatabase() as a test suite's beforeAll pays for it: in a fresh process, after the
// module is loaded. Prints {"ms": …}. With a URL argument, the server variant (scratch database + migrate).
import { createTestDatabase } from '../../dist/testing/index.js';

const [url] = process.argv.slice(2);
const started = performance.now();
const db = await createTestDatabase(url ? { url } : {});
await db.query('SELECT 1');
const ms = performance.now() - started;
await db.close();
process.stdout.write(JSON.stringify({ ms }) + '\n');
