export { withRollback } from '../../src/testing/rollback.js';
