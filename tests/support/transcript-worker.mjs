// The transcript worker run from its TypeScript source, for tests: tsx compiles it inside the worker thread.
import { register } from 'tsx/esm/api';

register();
await import('../../electron/main/ingest/transcript-worker.ts');
