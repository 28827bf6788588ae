// The transcript worker's thread: reads the transcripts it is asked for into rows (transcript-file.ts) and posts
// them back, while the ingestor's thread stores the files before. Started by ReadAhead (read-ahead.ts); built as
// its own entry beside the CLI.
import { parentPort } from 'node:worker_threads';
import type { ReadAheadReply, ReadAheadRequest } from './read-ahead';
import { readTranscriptRows } from './transcript-file';

const port = parentPort;
if (!port) throw new Error('transcript-worker runs as a worker thread');

// One read at a time, in the order asked: the ingestor stores replies in that order.
let previous = Promise.resolve();
port.on('message', ({ id, request }: ReadAheadRequest) => {
  previous = previous.then(async () => {
    // readTranscriptRows never rejects: a file that cannot be read ends with its error.
    const end = await readTranscriptRows(request, (rows) => port.postMessage({ id, rows } satisfies ReadAheadReply));
    port.postMessage({ id, end } satisfies ReadAheadReply);
  });
});
