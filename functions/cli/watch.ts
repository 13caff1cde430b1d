/**
 * Content watching for `feedpub preview --watch`: rebuilds exactly like `feedpub build` on every
 * change, re-reading only the files an fs event names. Invalid content is reported and the last
 * good output stays in place. Scheduled articles trigger a rebuild when their time comes.
 *
 * What is kept per content file is what identifies its version (path, size, sha256), never its
 * bytes: a changed file's bytes are held for the one rebuild that loads them, and any body a later
 * rebuild renders is read again from disk (and checked against the hash it was validated with).
 * A file found changed or gone at that point (saved again, or deleted, before its event was
 * handled) is a content change like any other: the folder is read again and rebuilt. The watcher
 * starts before the first listing, so that an edit made while the first build runs is not missed.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sha256Hex } from "../core/hash.js";
import { ContentChangedError } from "../core/load.js";
import type { LoadResult } from "../core/model.js";
import { loadWorkerCount } from "./load-workers.js";
import { IncrementalBuilder, type RebuildSummary } from "./preview/incremental.js";
import { watchFolders } from "./preview/watch-folders.js";
import { articlePaths, DiskFile, fullPath, readShared } from "./read-content.js";

export interface WatchEvent {
  /** Content paths that changed (`articles/quake.md`), `*` for a full rescan, or empty for the first build. */
  changed: string[];
  summary: RebuildSummary;
  /** From the first file event of the batch (or the start) to the files written. */
  ms: number;
}

export interface WatchOptions {
  contentDir: string;
  outDir: string;
  now: () => Date;
  onBuild: (event: WatchEvent) => void;
  /** Unexpected failures (I/O, a bug); the watcher keeps going. */
  onError: (error: unknown) => void;
  /**
   * Quiet time after an event before rebuilding, so one save is one rebuild. An editor's save
   * (truncate and write, or write a temporary file and rename it) raises its events within a
   * fraction of a millisecond; the wait counts against every rebuild's latency. @default 2
   */
  debounceMs?: number;
  /**
   * For tests: called during start-up, once the watcher runs and the folder is listed ("listed",
   * before the first build reads the files), and after the first build ("built", before any event
   * is handled).
   */
  onStartup?: (phase: "listed" | "built") => void | Promise<void>;
}

export interface ContentWatcher {
  /** The first build's result. */
  readonly initial: WatchEvent;
  /** Resolves once no rebuild is pending or running. */
  idle(): Promise<void>;
  /** Stops watching and writes the publish manifest if rebuilds left it stale. */
  close(): Promise<void>;
}

const SITE = "site.yaml";
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long a file that reads as empty (it had content) is given to get its content back. */
const EMPTY_GRACE_MS = 30;
/** First builds tried again when a file changes under them before they give up. */
const FIRST_BUILD_TRIES = 3;

/** Whether a content-relative path is a file the loader reads (site.yaml, articles/**\/*.md). */
function isContentFile(path: string): boolean {
  if (path === SITE) return true;
  const segments = path.split("/");
  return segments[0] === "articles" && path.endsWith(".md") && segments.every((s) => !s.startsWith("."));
}

/**
 * One version of a content file: its bytes are read from disk on each access, except while a
 * rebuild holds the ones the watcher read (`release` drops them). site.yaml (small, read on every
 * rebuild) keeps its bytes. The sha256 is the watcher's, or that of the first read.
 */
class WatchedFile extends DiskFile {
  #held: Uint8Array | undefined;

  constructor(
    path: string,
    location: string,
    public size: number | undefined,
    public hash: string | undefined,
    held?: Uint8Array,
  ) {
    super(path, location);
    this.#held = held;
  }

  override get bytes(): Uint8Array {
    if (this.#held) return this.#held;
    let bytes: Uint8Array;
    try {
      bytes = readShared(this.location);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "EISDIR" && code !== "ENOTDIR") throw error;
      throw new ContentChangedError(`${this.path} is gone from disk (it was deleted or renamed)`);
    }
    if (this.hash === undefined) {
      this.hash = sha256Hex(bytes);
      this.size = bytes.byteLength;
    }
    return bytes;
  }

  release(): void {
    if (this.path !== SITE) this.#held = undefined;
  }
}

/** Content files by version, in readContentDir's order (site.yaml, then articles by path). */
class FileSet {
  readonly #byPath = new Map<string, WatchedFile>();
  #ordered: WatchedFile[] | undefined;

  constructor(files: WatchedFile[]) {
    for (const file of files) this.#byPath.set(file.path, file);
  }

  set(file: WatchedFile): void {
    const known = this.#byPath.get(file.path);
    this.#byPath.set(file.path, file);
    if (!known) this.#ordered = undefined;
    else if (this.#ordered) this.#ordered[this.#ordered.indexOf(known)] = file;
  }

  delete(path: string): void {
    if (this.#byPath.delete(path)) this.#ordered = undefined;
  }

  get(path: string): WatchedFile | undefined {
    return this.#byPath.get(path);
  }

  list(): WatchedFile[] {
    if (!this.#ordered) {
      const site = this.#byPath.get(SITE);
      const articles = [...this.#byPath.values()].filter((f) => f.path !== SITE);
      articles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      this.#ordered = site ? [site, ...articles] : articles;
    }
    return this.#ordered;
  }
}

/**
 * Files that load workers read (this thread never did) take the hash of the version they loaded
 * from its article; a file without one (an error) is taken as changed by its next event.
 */
function learnHashes(files: FileSet, load: LoadResult): void {
  for (const list of [load.articles, load.scheduled, load.drafts])
    for (const article of list) {
      const file = files.get(article.sourcePath);
      if (file && file.hash === undefined) file.hash = article.sourceHash;
    }
}

/** The bytes of a content file, or undefined when it is not there (gone, or a folder now). */
function readIfThere(location: string): Buffer | undefined {
  try {
    return readFileSync(location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** The content folder's files as versions read on access (site.yaml is read now and kept). */
function listContent(root: string): WatchedFile[] {
  const files: WatchedFile[] = [];
  const siteAt = fullPath(root, SITE);
  const site = readIfThere(siteAt);
  if (site) files.push(new WatchedFile(SITE, siteAt, site.byteLength, sha256Hex(site), site));
  for (const path of articlePaths(root))
    files.push(new WatchedFile(path, fullPath(root, path), undefined, undefined));
  return files;
}

/** Files to parse from which the watcher loads on one thread (unless FEEDPUB_WORKERS is set). */
export const WATCH_SHARED_MAX = 20_000;

/**
 * Load workers for the watcher's loads (its first build, a changed site.yaml): as `feedpub build`
 * has below WATCH_SHARED_MAX files, none above, and FEEDPUB_WORKERS as set. A worker's own heap
 * raised the watcher's peak by ~35 MiB at 50,000 articles, where the peak is near its 400 MiB
 * target; at 10,000 it cost ~25 MiB (188–191 against 164–167 MiB) and saved ~0.7 s of start-up
 * (3.1–3.6 against 3.7–4.5 s; measured, 3 runs each).
 */
export function watchWorkerCount(files: number, env: Record<string, string | undefined>): number {
  if (files >= WATCH_SHARED_MAX && !env.FEEDPUB_WORKERS) return 0;
  return loadWorkerCount(files, env);
}

export async function watchContent(options: WatchOptions): Promise<ContentWatcher> {
  const { contentDir, outDir } = options;
  const debounceMs = options.debounceMs ?? 2;
  const started = performance.now();
  const builder = new IncrementalBuilder({
    outDir,
    onError: options.onError,
    workers: (files) => watchWorkerCount(files, process.env),
  });
  /** Paths set or deleted in `files` since the last build: the loader compares only those. */
  const dirty = new Set<string>();
  /** Files whose bytes the next build holds (released after it). */
  const held: WatchedFile[] = [];
  let files = new FileSet([]);
  const get = (path: string) => files.get(path);
  const build = async (changed: string[], since: number): Promise<WatchEvent> => {
    const paths = [...dirty];
    dirty.clear();
    try {
      const summary = await builder.build(files.list(), options.now(), since, { paths, get });
      if (summary.mode === "full") learnHashes(files, summary.load);
      return { changed, summary, ms: Math.round((performance.now() - since) * 10) / 10 };
    } finally {
      for (const file of held.splice(0)) file.release();
    }
  };

  let pending = new Set<string>();
  /** Files that read as empty once and are waiting for EMPTY_GRACE_MS. */
  const emptied = new Set<string>();
  let firstEventAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let scheduleTimer: NodeJS.Timeout | undefined;
  /** Rebuilds run one after another, after the first build (events wait for it). */
  let firstBuilt: () => void = () => {};
  let running: Promise<void> = new Promise<void>((resolve) => {
    firstBuilt = resolve;
  });
  let closed = false;

  const armSchedule = (summary: RebuildSummary) => {
    clearTimeout(scheduleTimer);
    if (!summary.nextScheduledAt || closed) return;
    const wait = Date.parse(summary.nextScheduledAt) - options.now().getTime();
    scheduleTimer = setTimeout(
      () => enqueue(`(scheduled ${summary.nextScheduledAt})`),
      Math.max(0, Math.min(wait + 50, MAX_TIMER_MS)),
    );
    scheduleTimer.unref();
  };

  /** Takes `bytes` as the file's version unless it is the one known; true when it changed. */
  const take = (path: string, location: string, bytes: Uint8Array): boolean => {
    const hash = sha256Hex(bytes);
    const old = files.get(path);
    if (old?.hash === hash) return false;
    const copy = Buffer.from(bytes); // `bytes` may be the shared read buffer
    const file = new WatchedFile(path, location, copy.byteLength, hash, copy);
    files.set(file);
    held.push(file);
    dirty.add(path);
    return true;
  };

  async function refresh(paths: Set<string>): Promise<string[]> {
    if (paths.has("*")) {
      // Every file read and hashed: a rescan finds every change, whatever the events said.
      const fresh = listContent(contentDir);
      const known = new Set(fresh.map((f) => f.path));
      for (const file of files.list().slice())
        if (!known.has(file.path)) {
          files.delete(file.path);
          dirty.add(file.path);
        }
      const changed: string[] = [];
      for (const file of fresh) {
        let bytes: Uint8Array;
        try {
          bytes = readShared(file.location);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== "ENOENT" && code !== "EISDIR") throw error;
          if (files.get(file.path)) {
            files.delete(file.path);
            dirty.add(file.path);
            changed.push(file.path);
          }
          continue;
        }
        if (take(file.path, file.location, bytes)) changed.push(file.path);
      }
      return changed.length > 0 ? changed : ["*"];
    }
    const changed: string[] = [];
    for (const path of paths) {
      const location = fullPath(contentDir, path);
      // Synchronous: a few small files, read faster than through the thread pool.
      const bytes = readIfThere(location);
      if (!bytes) {
        if (!files.get(path)) continue;
        files.delete(path);
        dirty.add(path);
        emptied.delete(path);
        changed.push(path);
        continue;
      }
      const old = files.get(path);
      if (bytes.byteLength === 0 && old && old.size !== 0 && !emptied.has(path)) {
        // Most likely a save caught between truncating the file and writing it: look again
        // shortly (the write's own event usually comes first), and take it as empty then.
        emptied.add(path);
        setTimeout(() => enqueue(path), EMPTY_GRACE_MS).unref();
        continue;
      }
      emptied.delete(path);
      if (take(path, location, bytes)) changed.push(path);
    }
    return changed;
  }

  function flush(): void {
    timer = undefined;
    const batch = pending;
    const since = firstEventAt ?? performance.now();
    pending = new Set();
    firstEventAt = undefined;
    running = running.then(async () => {
      if (closed) return;
      try {
        let changed = await refresh(batch);
        const scheduled = [...batch].filter((p) => p.startsWith("(scheduled"));
        if (scheduled.length > 0 && changed[0] === "*") changed = scheduled;
        if (changed.length === 0) return;
        const event = await build(changed, since);
        armSchedule(event.summary);
        options.onBuild(event);
      } catch (error) {
        // A file changed or vanished after its event was handled (saved again, deleted): its own
        // event may be gone with the batch, so read the whole folder again.
        if (error instanceof ContentChangedError) enqueue("*");
        else options.onError(error);
      }
    });
  }

  function enqueue(path: string): void {
    if (closed) return;
    firstEventAt ??= performance.now();
    pending.add(path);
    if (path.startsWith("(scheduled")) pending.add("*");
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  }

  // Watch first, then list: an edit made while the folder is read or built is seen after it.
  const watcher = watchFolders(
    contentDir,
    (path) => {
      if (path === undefined) return enqueue("*");
      if (isContentFile(path)) return enqueue(path);
      // A folder created, renamed or removed under articles/: rescan (cheap next to a rebuild).
      if (
        path === "articles" ||
        (path.startsWith("articles/") && !path.split("/").some((s) => s.startsWith(".")))
      )
        enqueue("*");
    },
    (error) => options.onError(error),
  );

  let initial: WatchEvent | undefined;
  try {
    for (let attempt = 1; !initial; attempt++) {
      files = new FileSet(listContent(contentDir));
      dirty.clear();
      await options.onStartup?.("listed");
      try {
        initial = await build([], started);
      } catch (error) {
        // A file changed or went away while the first build read it: list the folder again.
        if (!(error instanceof ContentChangedError) || attempt >= FIRST_BUILD_TRIES) throw error;
      }
    }
  } catch (error) {
    closed = true;
    watcher.close();
    await builder.close();
    throw error;
  }
  await options.onStartup?.("built");
  firstBuilt();
  armSchedule(initial.summary);

  return {
    initial,
    async idle() {
      while (timer || pending.size > 0) await new Promise((r) => setTimeout(r, debounceMs));
      await running;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(scheduleTimer);
      watcher.close();
      firstBuilt();
      await running;
      await builder.close();
    },
  };
}
