/**
 * The publishing engine: puts a rendered site into any Storage incrementally, atomically and
 * idempotently. Pure: it knows only the Storage port (no SDK, no fs, no clock).
 *
 * Order of a publish that changes something:
 *   1. read the manifest (remember its ETag) and plan against it;
 *   2. write the manifest in state "publishing" (If-Match its ETag, or If-None-Match * for the first
 *      publish): this is the lock — of two publishes that read the same manifest, one loses here
 *      having written nothing. Its `pending` lists every path about to be written, so after a crash
 *      the next publish rewrites (or deletes) exactly those, whatever content it then has;
 *   3. upload new/changed per-article documents, then nested feeds and indexes, then root files
 *      (bounded concurrency; documents are in place before any feed links to them);
 *   4. check the manifest is still ours, then write it in its final form (If-Match step 2's ETag):
 *      the new site is now committed;
 *   5. delete removed objects, then mark the manifest "complete" (only when something was deleted).
 *
 * A crash anywhere leaves every feed's documents in place (old feeds point at old documents, which
 * are deleted only after step 4). Re-running replans against the stored manifest: before step 4 the
 * manifest still describes the old site, so every changed object is uploaded again (we re-upload
 * rather than compare remote checksums) and objects of an abandoned plan are deleted if no longer
 * outputs; after step 4 the re-run only finishes the deletions.
 */
import { randomUUID } from "node:crypto";
import { sameEtag } from "../../storage/checksum.js";
import type { Storage } from "../../storage/types.js";
import { PreconditionFailedError } from "../../storage/types.js";
import { CACHE_NONE, MANIFEST_PATH } from "../media-types.js";
import type { OutputFile } from "../model.js";
import { ManifestError, PublishConflictError, PublishError } from "./errors.js";
import { invalidationPathsFor } from "./invalidation.js";
import type { Manifest, ManifestEntry } from "./manifest.js";
import { parseManifest, serializeManifest } from "./manifest.js";
import { serializeWithStoredFiles } from "./manifest-reuse.js";
import { planPublish } from "./plan.js";
import { runPool } from "./pool.js";

export { ManifestError, PublishConflictError, PublishError } from "./errors.js";
export { invalidationPathsFor } from "./invalidation.js";
export type { Manifest, ManifestEntry } from "./manifest.js";
export { parseManifest, serializeManifest } from "./manifest.js";
export type { PlannedPut, PublishPlan } from "./plan.js";
export { planPublish } from "./plan.js";

export interface PublishOptions {
  /** Compute and report the plan; write nothing. */
  dryRun?: boolean;
  /** Uploads and deletes in flight at once. Default 16. */
  concurrency?: number;
  /** Called after each upload or delete. */
  onProgress?: (done: number, total: number) => void;
  /** Identifies this publish in the lock; default a random UUID. */
  publishId?: string;
  /** Collapse threshold of the invalidation list (see invalidation.ts). Default 20. */
  maxInvalidationPaths?: number;
  /**
   * Called once the publish is complete (not in a dry run) with the files its manifest lists and
   * its generation: a caller that keeps the manifest need not read it back.
   */
  onComplete?: (files: Readonly<Record<string, ManifestEntry>>, generation: number) => void;
}

export interface PublishReport {
  /** Output paths uploaded (or, in a dry run, to upload), in write order. */
  puts: string[];
  /** Paths deleted (or to delete). */
  deletes: string[];
  /** Outputs already stored with the same bytes and headers. */
  unchanged: number;
  /** Changed and deleted paths for the CDN, "/feed.xml" style (see invalidation.ts). */
  invalidationPaths: string[];
  /** Storage requests made (get/head/put/delete/list, manifest included; SDK retries not counted). */
  requests: number;
  dryRun: boolean;
  /** Of `puts`, how many are new paths. */
  created: number;
  /** Manifest writes (0 for a no-op; 2 or 3 otherwise). */
  manifestWrites: number;
  bytesUploaded: number;
  /** Generation of the manifest after the publish. */
  generation: number;
  /** The stored manifest showed an unfinished publish (crashed or failed), which this one completed. */
  recovered: boolean;
}

const CONFLICT = "another publish changed the site at the same time; nothing was deleted; re-run";

/** Wraps a storage to count the requests the engine makes. */
function counting(storage: Storage): { storage: Storage; count: () => number } {
  let n = 0;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) => {
      n++;
      return fn(...args);
    };
  return {
    storage: {
      kind: storage.kind,
      location: storage.location,
      get: wrap(storage.get.bind(storage)),
      head: wrap(storage.head.bind(storage)),
      put: wrap(storage.put.bind(storage)),
      delete: wrap(storage.delete.bind(storage)),
      list: wrap(storage.list.bind(storage)),
    },
    count: () => n,
  };
}

async function readManifest(
  storage: Storage,
): Promise<{ manifest: Manifest; etag: string; bytes: Uint8Array } | undefined> {
  const stored = await storage.get(MANIFEST_PATH);
  if (!stored) return undefined;
  try {
    return { manifest: parseManifest(stored.body), etag: stored.etag, bytes: stored.body };
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new ManifestError(`${storage.location}${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Conditional manifest write. A PreconditionFailed may also mean our own earlier attempt landed and
 * its response was lost (the SDK then retried): if the stored bytes are ours, it succeeded.
 */
async function writeManifest(
  storage: Storage,
  manifest: Manifest,
  condition: { ifMatch?: string; ifNoneMatch?: "*" },
  step: string,
  /** The stored manifest whose `files` are `manifest.files` (the lock): its bytes are reused. */
  storedFiles?: Uint8Array,
): Promise<string> {
  const body = storedFiles ? serializeWithStoredFiles(manifest, storedFiles) : serializeManifest(manifest);
  try {
    const { etag } = await storage.put(MANIFEST_PATH, body, {
      contentType: "application/json; charset=utf-8",
      cacheControl: CACHE_NONE,
      ...condition,
    });
    return etag;
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const stored = await storage.get(MANIFEST_PATH);
    if (stored && Buffer.from(stored.body).equals(Buffer.from(body))) return stored.etag;
    throw new PublishConflictError(`${CONFLICT} (${step}: ${storage.location}${MANIFEST_PATH} changed)`, {
      cause: error,
    });
  }
}

/** Runs one step; a storage failure becomes a PublishError saying where the site stands. */
async function step<T>(fn: () => Promise<T>, explain: (error: Error) => string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PublishError) throw error;
    throw new PublishError(explain(error as Error), { cause: error });
  }
}

export async function publishSite(
  outputs: Iterable<OutputFile>,
  target: Storage,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const concurrency = options.concurrency ?? 16;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new PublishError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const { storage, count } = counting(target);
  const current = await step(
    () => readManifest(storage),
    (e) =>
      `cannot read the publish manifest from ${storage.location}: ${e.message}. Nothing was written; re-run the publish.`,
  );
  const previous = current?.manifest;
  const plan = planPublish(outputs, previous);
  const recovered = previous !== undefined && previous.state !== "complete";
  const changed = plan.puts.filter((p) => p.reason === "changed").map((p) => p.file.path);
  // Changed and deleted paths, plus those of an unfinished earlier publish (never reported to the CDN).
  const toInvalidate = [...new Set([...changed, ...plan.deletes, ...(previous?.invalidate ?? [])])].sort();
  const report: PublishReport = {
    puts: plan.puts.map((p) => p.file.path),
    deletes: plan.deletes,
    unchanged: plan.unchanged.length,
    invalidationPaths: invalidationPathsFor(
      toInvalidate,
      options.maxInvalidationPaths === undefined ? {} : { maxPaths: options.maxInvalidationPaths },
    ),
    requests: 0,
    dryRun: options.dryRun === true,
    created: plan.puts.length - changed.length,
    manifestWrites: 0,
    bytesUploaded: 0,
    generation: previous?.generation ?? 0,
    recovered,
  };
  const finish = () => {
    report.requests = count();
    if (!report.dryRun) options.onComplete?.(plan.files, report.generation);
    return report;
  };
  if (report.dryRun || (plan.puts.length === 0 && plan.deletes.length === 0 && !recovered)) return finish();

  // 2. Lock: the old site, plus every path we are about to write (their stored bytes become unknown).
  const generation = (previous?.generation ?? 0) + 1;
  const publishId = options.publishId ?? randomUUID();
  const oldFiles = previous?.files ?? {};
  const pending = new Set(previous?.pending ?? []);
  for (const put of plan.puts) pending.add(put.file.path);
  let etag = await step(
    () =>
      writeManifest(
        storage,
        {
          version: 1,
          generation,
          state: "publishing",
          publishId,
          files: oldFiles,
          pending: [...pending],
          invalidate: toInvalidate,
        },
        current ? { ifMatch: current.etag } : { ifNoneMatch: "*" },
        "taking the publish lock",
        current?.bytes,
      ),
    (e) =>
      `cannot take the publish lock (writing ${storage.location}${MANIFEST_PATH}): ${e.message}. Readers still get the previous site; re-run the publish.`,
  );
  report.manifestWrites++;

  // 3. Uploads, phase by phase.
  const total = plan.puts.length + plan.deletes.length;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  for (const phase of [0, 1, 2] as const) {
    const batch = plan.puts.filter((p) => p.phase === phase);
    if (phase > 0 && batch.length > 0) {
      const head = await step(
        () => storage.head(MANIFEST_PATH),
        (e) =>
          `cannot check the publish lock on ${storage.location}: ${e.message}. Readers still get a consistent site (new documents, previous feeds); re-run the publish.`,
      );
      if (!head || !sameEtag(head.etag, etag)) {
        throw new PublishConflictError(
          `${CONFLICT} (before writing feeds: ${storage.location}${MANIFEST_PATH} was replaced by another publish)`,
        );
      }
    }
    try {
      await runPool(batch, concurrency, async ({ file }) => {
        // Read once: a body may be rendered or read back from a spool on each access.
        const body = file.body;
        await storage.put(file.path, body, {
          contentType: file.contentType,
          cacheControl: file.cacheControl,
        });
        report.bytesUploaded += body.byteLength;
        file.release?.();
        tick();
      });
    } catch (error) {
      throw new PublishError(
        `publish to ${storage.location} failed after ${done} of ${plan.puts.length} uploads: ${(error as Error).message}. Readers still get the previous site (its manifest and deletions were not touched); re-run the publish to complete it.`,
        { cause: error },
      );
    }
  }

  // 4. Commit.
  etag = await step(
    () =>
      writeManifest(
        storage,
        {
          version: 1,
          generation,
          state: plan.deletes.length ? "deleting" : "complete",
          files: plan.files,
          pending: plan.deletes,
          ...(plan.deletes.length ? { invalidate: toInvalidate } : {}),
        },
        { ifMatch: etag },
        "committing the new site",
      ),
    (e) =>
      `every file was uploaded to ${storage.location}, but committing the manifest failed: ${e.message}. Readers get the new site; nothing was deleted; re-run the publish to record it.`,
  );
  report.manifestWrites++;
  report.generation = generation;

  // 5. Deletions, then the clean manifest.
  if (plan.deletes.length) {
    try {
      await runPool(plan.deletes, concurrency, async (path) => {
        await storage.delete(path);
        tick();
      });
    } catch (error) {
      throw new PublishError(
        `the new site is live on ${storage.location}, but deleting removed objects failed: ${(error as Error).message}. Re-run the publish to finish the deletions.`,
        { cause: error },
      );
    }
    await step(
      () =>
        writeManifest(
          storage,
          { version: 1, generation, state: "complete", files: plan.files, pending: [] },
          { ifMatch: etag },
          "recording the deletions",
        ),
      (e) =>
        `the new site is live on ${storage.location} and removed objects are deleted, but marking the manifest complete failed: ${e.message}. Re-run the publish to finish.`,
    );
    report.manifestWrites++;
  }
  return finish();
}
