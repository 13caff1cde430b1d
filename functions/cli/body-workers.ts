/**
 * The body checks of a large load, on worker threads. Each worker runs the same `renderBody` pass
 * the loader would and the results go into the body cache, where the loader then finds them
 * (`startLoad` → `checkBodiesInWorkers` → `finish`): the LoadResult and every output are the same
 * as with a single thread, only sooner on a multi-core machine. Anything a worker fails to
 * check is simply left to the loader, which parses it itself.
 *
 * `feedpub build` uses them only when `FEEDPUB_WORKERS=N` asks for them (workerCount decides how
 * many): that path must hold every body until the end of the load, where the default streaming
 * load (commands/build.ts loadForPublish) holds none, so memory stays bounded by default. Measured
 * on 2 shared, busy cores, 2 workers gave no faster build and cost ~1 CPU-second more (each worker
 * imports the renderer; bodies and texts are copied between threads).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { BodyCheckCache } from "../core/load/body-check.js";
import type { BodyCheckRequest } from "../core/load.js";
import type { BodyProblem } from "../core/markdown.js";

const DEFAULT_WORKER_URL = new URL("./body-worker.js", import.meta.url);

export interface BodyWorkerOptions {
  /** Worker count; default: available cores (at most 4). */
  workers?: number;
  /** The worker script (tests pass a bundled one). Default: body-worker.js beside this module. */
  workerUrl?: URL;
  /** Bodies per message. Default: spread evenly, 100–500. */
  batchSize?: number;
}

/**
 * How many workers to use for `files` content files: `FEEDPUB_WORKERS=N`, else 0 (check bodies on
 * the main thread, in the streaming load). `files` is kept for callers that size by content.
 */
export function workerCount(_files: number, env: Record<string, string | undefined>): number {
  const n = Number(env.FEEDPUB_WORKERS);
  return env.FEEDPUB_WORKERS && Number.isInteger(n) && n > 0 ? n : 0;
}

type Answer = [key: string, problems: BodyProblem[], text: string, wordCount: number][];

export interface BodyWorkerPool {
  /**
   * Checks `requests` and stores each result in `cache`. Resolves with the number of bodies checked;
   * never rejects (a failed worker leaves its bodies to the loader).
   */
  check(requests: readonly BodyCheckRequest[], cache: BodyCheckCache): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts `count` workers now, so that their imports overlap the loader's front-matter pass; `check`
 * then hands them batches (each worker takes the next batch when it answers the previous one).
 */
export function startBodyWorkers(count: number, options: BodyWorkerOptions = {}): BodyWorkerPool {
  const workers = Array.from({ length: Math.max(1, count) }, () => {
    const worker = new Worker(options.workerUrl ?? DEFAULT_WORKER_URL);
    let failed = false;
    worker.on("error", () => {
      failed = true;
    });
    return { worker, failed: () => failed };
  });
  return {
    async check(requests, cache) {
      const size =
        options.batchSize ?? Math.min(500, Math.max(100, Math.ceil(requests.length / (workers.length * 4))));
      const batches: [string, string, string][][] = [];
      for (let i = 0; i < requests.length; i += size) {
        batches.push(requests.slice(i, i + size).map((r) => [r.key, r.body, r.url]));
      }
      let next = 0;
      let checked = 0;
      const run = ({ worker, failed }: (typeof workers)[number]) =>
        new Promise<void>((resolve) => {
          if (failed()) return resolve();
          const send = () => {
            const batch = batches[next++];
            if (batch) worker.postMessage(batch);
            else done();
          };
          const onMessage = (answer: Answer) => {
            for (const [key, problems, text, wordCount] of answer)
              cache.set(key, problems, { text, wordCount });
            checked += answer.length;
            send();
          };
          // A worker that cannot start or crashes: its remaining work falls to the loader.
          const done = () => {
            worker.off("message", onMessage);
            worker.off("error", done);
            worker.off("exit", done);
            resolve();
          };
          worker.on("message", onMessage);
          worker.on("error", done);
          worker.on("exit", done);
          send();
        });
      await Promise.all(workers.map(run));
      return checked;
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

/** One-shot: start workers, check `requests`, stop them. */
export async function checkBodiesInWorkers(
  requests: readonly BodyCheckRequest[],
  cache: BodyCheckCache,
  options: BodyWorkerOptions = {},
): Promise<number> {
  if (requests.length === 0) return 0;
  const count = Math.min(options.workers ?? Math.min(availableParallelism(), 4), requests.length);
  const pool = startBodyWorkers(count, options);
  try {
    return await pool.check(requests, cache);
  } finally {
    await pool.close();
  }
}
