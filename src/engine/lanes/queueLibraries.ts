// BullMQ and ioredis, as one module the queue mode loads by path when it first runs. esbuild emits
// this file as its own entry (dist/entries/queueLibraries.js, with BullMQ's sandbox main.js and
// main-worker.js beside it, where BullMQ looks for them: dirname of the module holding its Worker),
// so the extension host and the CLI do not parse 2 MB of queue code until a queue mode runs.
import { Queue, QueueEvents, Worker } from 'bullmq';
import IORedis from 'ioredis';

export { Queue, QueueEvents, Worker, IORedis };
