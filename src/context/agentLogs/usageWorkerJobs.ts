// What a usage worker does with the file jobs the scanner's pool posts to it: reads them one at a
// time in the order received and posts back, per job, what the file held (as plain data), then
// `done` or `failed`. Apart from the entry (usageWorker.ts), so tests can serve a port of their own.
import { type FileEvents, describeError, readLogFile } from './logFileReader';
import { type WorkerEvent, isFileJob } from './workerMessages';

/** The worker's end of the channel (parentPort, or a wrapper of it in tests). */
export interface JobPort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(event: WorkerEvent): void;
}

/** Answers every job posted to `port`: its events, then `done`, or `failed` with why. */
export function serveLogFileReads(port: JobPort): void {
  let previous = Promise.resolve();
  port.on('message', (message: unknown) => {
    // Chained: the pool takes the answers of a worker's jobs in the order it posted them.
    previous = previous.then(() => answer(port, message));
  });
  port.postMessage({ type: 'ready' });
}

async function answer(port: JobPort, message: unknown): Promise<void> {
  if (!isFileJob(message)) {
    // Every message is answered once, so the pool never waits for a job that will not come.
    port.postMessage({ type: 'failed', error: 'the usage worker got a message that is not a file job' });
    return;
  }
  try {
    await readLogFile(message, postingEvents(port));
    port.postMessage({ type: 'done' });
  } catch (error) {
    port.postMessage({ type: 'failed', error: describeError(error) });
  }
}

function postingEvents(port: JobPort): FileEvents {
  return {
    reading: () => port.postMessage({ type: 'reading' }),
    // Nothing to wait for here: batching and writing happen on the main thread.
    part: async (base, part) => port.postMessage({ type: 'part', base, part }),
    touch: (cursor) => port.postMessage({ type: 'touch', cursor }),
  };
}
