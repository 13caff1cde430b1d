/**
 * A large streaming load shared with worker threads (LoadOptions.share in core/load.ts): this
 * thread and each worker claim ranges of the files to load from one shared counter; a worker runs
 * the core's own `loadElsewhere` on its ranges, renders each article's JSON-LD there as the main
 * thread's `onArticle` would, and sends both back (the document's bytes are transferred, not
 * copied). The main thread adopts them in file order; the LoadResult and every output byte are the
 * same as on one thread (test/unit/perf/load-workers.test.ts).
 *
 * Messages are taken with `receiveMessageOnPort` between the main thread's own ranges (the loader
 * is synchronous), so what waits in the queue stays about one range per worker. A worker that fails
 * or stops answering leaves its unfinished ranges to the main thread.
 */
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { LoadedElsewhere, SharedLoad } from "../core/load.js";
import type { Article, Site, SourceFile } from "../core/model.js";
import { memorySpool, type Spool, type SpoolReader } from "../core/spool.js";
import { diskLocation } from "./read-content.js";

const DEFAULT_WORKER_URL = new URL("./load-worker.js", import.meta.url);

/** Files per claimed range. */
const RANGE = 64;

/**
 * Below this many files to parse, one thread: a worker's start (a thread, its imports, its JIT
 * warm-up) is not won back — at 1,000 files a worker gave no faster build on 2 cores and cost
 * 0.2–0.3 CPU-s more (measured).
 */
export const MIN_SHARED_FILES = 2000;

/** How long the main thread waits for a worker's next message before doing its work itself. */
const STALL_MS = 30_000;

/**
 * Load workers for `files` files to parse: `FEEDPUB_WORKERS=N` (0: none), else one fewer than the
 * available cores (at most 3) when there are at least MIN_SHARED_FILES, else none.
 */
export function loadWorkerCount(files: number, env: Record<string, string | undefined>): number {
  if (env.FEEDPUB_WORKERS !== undefined && env.FEEDPUB_WORKERS !== "") {
    const n = Number(env.FEEDPUB_WORKERS);
    return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 0;
  }
  return files >= MIN_SHARED_FILES ? Math.min(3, availableParallelism() - 1) : 0;
}

/** A file as sent to a worker: its path on disk, else its bytes. */
export type SentFile = [path: string, location: string] | [path: string, bytes: Uint8Array];

/** What a worker is started with. */
export interface LoadWorkerData {
  files: SentFile[];
  site: Site;
  /** LoadOptions.now, ms: articles after it are scheduled (no document). */
  now: number;
  range: number;
  /** Int32Array: [next range to claim, messages sent]. */
  state: SharedArrayBuffer;
  port: MessagePort;
  /** A file (descriptor) the worker appends its documents to; without it they are sent. */
  spill?: number;
}

/**
 * A document a worker rendered: its SHA-256 and size, and its bytes (transferred), or where the
 * worker wrote them in its spill file.
 */
export interface SentDocument {
  sha256: string;
  size: number;
  bytes?: Uint8Array;
  offset?: number;
}

/** One message from a worker: the results of one range, or why it stopped. */
export type LoadWorkerMessage =
  | { range: number; results: [index: number, loaded: LoadedElsewhere, document?: SentDocument][] }
  | { error: string };

export interface ShareOptions {
  workers: number;
  now: number;
  /**
   * Receives each document a worker rendered, with its article (before the loader adopts it), its
   * bytes kept by `spool` or in a spill file.
   */
  onDocument: (article: Article, stored: SpoolReader, digest: { sha256: string; size: number }) => void;
  /**
   * Where documents sent by a worker are kept (default: memory). A spool with `extraFile`
   * (file-spool.ts) gives each worker a temporary file to write its documents to, so that this
   * thread neither receives nor stores their bytes.
   */
  spool?: SharingSpool;
  /** The worker script (tests pass a bundled one). Default: load-worker.js beside this module. */
  workerUrl?: URL;
  /**
   * This thread claims its first range only once every worker has claimed one (or failed), so
   * that tests know the workers took part. Default: at once.
   */
  afterWorkers?: boolean;
}

/** A spool, and maybe temporary files of its own for other threads (file-spool.ts FileSpool). */
export type SharingSpool = Spool & {
  extraFile?(): { fd: number; reader(offset: number, length: number): SpoolReader };
};

const NEXT = 0;
const SENT = 1;
/** Workers that have claimed their first range, or failed. */
const STARTED = 2;

/**
 * Imports the worker module and runs it; any failure, its import included, is reported through the
 * port and the shared counter, which this thread reads while it is busy loading.
 */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
const { url, data } = workerData;
import(url)
  .then((module) => module.runLoadWorker(data))
  .catch((error) => {
    data.port.postMessage({ error: String(error && error.stack || error) });
    const counters = new Int32Array(data.state);
    for (const counter of [${SENT}, ${STARTED}]) {
      Atomics.add(counters, counter, 1);
      Atomics.notify(counters, counter);
    }
  });
`;

/** Starts `options.workers` workers on `files` and returns the main thread's side of the load. */
export function shareLoad(files: readonly SourceFile[], site: Site, options: ShareOptions): SharedLoad {
  const state = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const counters = new Int32Array(state);
  const ranges = Math.ceil(files.length / RANGE);
  const sent: SentFile[] = files.map((file) => {
    const location = diskLocation(file);
    // A copy (Buffer#slice would be a view, and the bytes may be a reused buffer).
    return location === undefined
      ? [file.path, Uint8Array.prototype.slice.call(file.bytes)]
      : [file.path, location];
  });
  const channels: MessagePort[] = [];
  const workers: Worker[] = [];
  const readers: (((offset: number, length: number) => SpoolReader) | undefined)[] = [];
  for (let w = 0; w < options.workers; w++) {
    const { port1, port2 } = new MessageChannel();
    const spill = options.spool?.extraFile?.();
    readers.push(spill?.reader);
    const data: LoadWorkerData = { files: sent, site, now: options.now, range: RANGE, state, port: port2 };
    if (spill) data.spill = spill.fd;
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { url: (options.workerUrl ?? DEFAULT_WORKER_URL).href, data },
      transferList: [port2],
    });
    // Failures are seen through the shared counters (this thread is busy when events would fire).
    worker.on("error", () => {});
    worker.unref();
    channels.push(port1);
    workers.push(worker);
  }

  /** Per range: 0 not done yet, 1 loaded here, 2 received from a worker. */
  const done = new Uint8Array(ranges);
  let accounted = 0;
  let failed = false;
  const inbox: [number, LoadedElsewhere][] = [];
  const bounds = (r: number): [number, number] => [r * RANGE, Math.min(files.length, (r + 1) * RANGE)];

  const spool = options.spool ?? memorySpool;
  const take = (message: LoadWorkerMessage, worker: number) => {
    if ("error" in message) {
      failed = true;
      return;
    }
    if (done[message.range] !== 0) return;
    done[message.range] = 2;
    accounted++;
    for (const [index, loaded, document] of message.results) {
      if (document && loaded.article) {
        const { sha256, size, bytes, offset } = document;
        const read = readers[worker];
        const stored = bytes
          ? spool.store(bytes)
          : read && offset !== undefined
            ? read(offset, size)
            : undefined;
        if (!stored) throw new Error("load worker: a document came without its bytes");
        options.onDocument(loaded.article as Article, stored, { sha256, size });
      }
      inbox.push([index, loaded]);
    }
  };
  const drain = () => {
    channels.forEach((port, worker) => {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) take(m.message, worker);
    });
  };
  const stop = () => {
    for (const port of channels) port.close();
    for (const worker of workers) void worker.terminate();
  };
  /** Ranges nobody will deliver (a worker failed or stalled): this thread loads them. */
  const reclaim = (): number | undefined => {
    for (let r = 0; r < ranges; r++) if (done[r] === 0) return r;
    return undefined;
  };

  if (options.afterWorkers) {
    for (let started = 0; started < workers.length; started = Atomics.load(counters, STARTED)) {
      Atomics.wait(counters, STARTED, started, STALL_MS);
    }
  }
  return {
    claim() {
      const r = Atomics.add(counters, NEXT, 1);
      if (r < ranges) {
        done[r] = 1;
        accounted++;
        return bounds(r);
      }
      // Every range is claimed: wait until the workers have delivered theirs.
      for (;;) {
        // Read before draining: a message sent after the drain then changes the counter, and the
        // wait below returns at once instead of missing it.
        const seen = Atomics.load(counters, SENT);
        drain();
        if (accounted === ranges) {
          stop();
          return undefined;
        }
        if (failed) {
          const left = reclaim();
          if (left !== undefined) {
            done[left] = 1;
            accounted++;
            return bounds(left);
          }
        }
        if (Atomics.wait(counters, SENT, seen, STALL_MS) === "timed-out") failed = true;
      }
    },
    received() {
      drain();
      return inbox.splice(0);
    },
  };
}
