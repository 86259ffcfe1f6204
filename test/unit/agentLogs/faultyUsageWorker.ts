// A usage worker that fails on the files named for it, for the pool's tests: on `*boom.jsonl` it
// throws where nothing catches it (the thread dies with an error), on `*exit.jsonl` it exits, and
// on `*garbage.jsonl` it posts a message that is no worker event. Each fault strikes when the
// file's first part is about to be posted, so that file is the one the worker is on.
import { basename } from 'node:path';
import { type MessagePort, parentPort } from 'node:worker_threads';
import { type JobPort, serveLogFileReads } from '../../../src/context/agentLogs/usageWorkerJobs';
import type { WorkerEvent } from '../../../src/context/agentLogs/workerMessages';

function faulty(port: MessagePort): JobPort {
  return {
    on: (event, listener) => port.on(event, listener),
    postMessage(event: WorkerEvent) {
      const file = event.type === 'part' ? basename(event.base.path) : '';
      if (file.endsWith('boom.jsonl')) {
        queueMicrotask(() => {
          throw new Error('boom');
        });
      } else if (file.endsWith('exit.jsonl')) {
        process.exit(3);
      } else if (file.endsWith('garbage.jsonl')) {
        port.postMessage({ type: 'nonsense' });
      } else {
        port.postMessage(event);
      }
    },
  };
}

if (parentPort) serveLogFileReads(faulty(parentPort));
