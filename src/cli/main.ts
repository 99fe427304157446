import { buildProgram } from './program.js';
import { prepareStreams } from './output.js';
import { runProgram } from './run.js';

prepareStreams();
await runProgram(buildProgram(), process.argv);
