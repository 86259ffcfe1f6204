// The entry of a usage worker thread, bundled as dist/usageWorker.js: it parses log files for the
// scan (usageWorkerJobs.ts), so that the extension host's thread only batches and writes them, and
// its sql.js writes overlap the parsing instead of following it. Imported anywhere else (the
// layering test loads every module), it does nothing.
import { parentPort, workerData } from 'node:worker_threads';
import { serveLogFileReads } from './usageWorkerJobs';
import { isUsageWorkerData } from './workerMessages';

if (parentPort && isUsageWorkerData(workerData)) serveLogFileReads(parentPort);
