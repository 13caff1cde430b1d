/**
 * Content watching for `feedpub preview --watch`: keeps every content file in memory, re-reads
 * only the files an fs event names, and rebuilds exactly like `feedpub build`. Invalid content
 * is reported and the last good output stays in place. Scheduled articles trigger a rebuild
 * when their time comes.
 */
import { type FSWatcher, readFileSync, watch } from "node:fs";
import { stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { performance } from "node:perf_hooks";
import type { SourceFile } from "../core/model.js";
import { IncrementalBuilder, type RebuildSummary } from "./preview/incremental.js";
import { readContentDir } from "./read-content.js";

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

/** Whether a content-relative path is a file the loader reads (site.yaml, articles/**\/*.md). */
function isContentFile(path: string): boolean {
  if (path === SITE) return true;
  const segments = path.split("/");
  return segments[0] === "articles" && path.endsWith(".md") && segments.every((s) => !s.startsWith("."));
}

/** Content files in memory, in readContentDir's order (site.yaml, then articles by path). */
class FileSet {
  readonly #byPath = new Map<string, SourceFile>();
  #ordered: SourceFile[] | undefined;

  constructor(files: SourceFile[]) {
    for (const file of files) this.#byPath.set(file.path, file);
  }

  set(file: SourceFile): void {
    const known = this.#byPath.get(file.path);
    this.#byPath.set(file.path, file);
    if (!known) this.#ordered = undefined;
    else if (this.#ordered) this.#ordered[this.#ordered.indexOf(known)] = file;
  }

  delete(path: string): void {
    if (this.#byPath.delete(path)) this.#ordered = undefined;
  }

  get(path: string): SourceFile | undefined {
    return this.#byPath.get(path);
  }

  list(): SourceFile[] {
    if (!this.#ordered) {
      const site = this.#byPath.get(SITE);
      const articles = [...this.#byPath.values()].filter((f) => f.path !== SITE);
      articles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      this.#ordered = site ? [site, ...articles] : articles;
    }
    return this.#ordered;
  }
}

export async function watchContent(options: WatchOptions): Promise<ContentWatcher> {
  const { contentDir, outDir } = options;
  const debounceMs = options.debounceMs ?? 2;
  const started = performance.now();
  const files = new FileSet(await readContentDir(contentDir));
  const builder = new IncrementalBuilder({ outDir, onError: options.onError });
  /** Paths set or deleted in `files` since the last build: the loader compares only those. */
  const dirty = new Set<string>();
  const get = (path: string) => files.get(path);
  const build = (changed: string[], since: number): Promise<WatchEvent> => {
    const paths = [...dirty];
    dirty.clear();
    return builder.build(files.list(), options.now(), since, { paths, get }).then((summary) => ({
      changed,
      summary,
      ms: Math.round((performance.now() - since) * 10) / 10,
    }));
  };

  const initial = await build([], started);
  let pending = new Set<string>();
  /** Files that read as empty once and are waiting for EMPTY_GRACE_MS. */
  const emptied = new Set<string>();
  let firstEventAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let scheduleTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
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

  async function refresh(paths: Set<string>): Promise<string[]> {
    if (paths.has("*")) {
      const fresh = await readContentDir(contentDir);
      const known = new Set(fresh.map((f) => f.path));
      for (const file of files.list().slice())
        if (!known.has(file.path)) {
          files.delete(file.path);
          dirty.add(file.path);
        }
      const changed: string[] = [];
      for (const file of fresh) {
        const old = files.get(file.path);
        if (!old || Buffer.compare(old.bytes, file.bytes) !== 0) {
          files.set(file);
          dirty.add(file.path);
          changed.push(file.path);
        }
      }
      return changed.length > 0 ? changed : ["*"];
    }
    const changed: string[] = [];
    for (const path of paths) {
      try {
        // Synchronous: a few small files, read faster than through the thread pool.
        const bytes = readFileSync(join(contentDir, ...path.split("/")));
        const old = files.get(path);
        if (bytes.byteLength === 0 && old && old.bytes.byteLength > 0 && !emptied.has(path)) {
          // Most likely a save caught between truncating the file and writing it: look again
          // shortly (the write's own event usually comes first), and take it as empty then.
          emptied.add(path);
          setTimeout(() => enqueue(path), EMPTY_GRACE_MS).unref();
          continue;
        }
        emptied.delete(path);
        if (old && Buffer.compare(old.bytes, bytes) === 0) continue;
        files.set({ path, bytes });
        dirty.add(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "EISDIR") throw error;
        if (!files.get(path)) continue;
        files.delete(path);
        dirty.add(path);
      }
      changed.push(path);
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
        options.onError(error);
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

  const watcher: FSWatcher = watch(contentDir, { recursive: true }, (_type, name) => {
    if (!name) return enqueue("*");
    const path = name.toString().split(sep).join("/");
    if (isContentFile(path)) return enqueue(path);
    // A folder created, renamed or removed under articles/: rescan (cheap next to a rebuild).
    if (
      path === "articles" ||
      (path.startsWith("articles/") && !path.split("/").some((s) => s.startsWith(".")))
    ) {
      void stat(join(contentDir, name.toString())).then(
        (info) => info.isDirectory() && enqueue("*"),
        () => enqueue("*"),
      );
    }
  });
  watcher.on("error", (error) => options.onError(error));
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
      await running;
      await builder.close();
    },
  };
}
