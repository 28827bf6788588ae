// The transcript worker, from its TypeScript source, stopping dead (exit code 3) right after it finished its third
// file: for the tests of a scan whose worker fails half-way.
import { register } from 'tsx/esm/api';
import { parentPort } from 'node:worker_threads';

register();
const post = parentPort.postMessage.bind(parentPort);
let ends = 0;
parentPort.postMessage = (reply) => {
  post(reply);
  if ('end' in reply && ++ends === 3) process.exit(3);
};
await import('../../electron/main/ingest/transcript-worker.ts');
