/**
 * loadContent for a watcher: the same LoadResult, but after the first load only the files that
 * changed (another SourceFile object for the path: the watcher makes one per version) are loaded again; the other articles and their diagnostics come from the
 * previous result. Whenever the shortcut could differ from a full load it falls back to one:
 * site.yaml changed, any error (diagnostics must be exact), a slug or id now shared, a previous
 * duplicate, an article crossing its scheduled time, or many files changed at once.
 *
 * An edit costs what the changed files cost, not what the archive does: the caller may name the
 * paths that changed (FileChanges; the watcher knows them), and the sorted lists are updated by
 * binary search instead of being filtered and sorted again. `lastChanges` tells the builder which
 * articles came and went.
 *
 * Relies on loadContent's contract: an article depends only on its own file and the site; slugs
 * and ids must be unique; articles newest first (ties by id), scheduled earliest first, drafts in
 * file order, diagnostics sorted by compareDiagnostics.
 */
import { type BodyCheckCache, compareDiagnostics, type LoadOptions, loadContent } from "../../core/load.js";
import type { Article, Diagnostic, LoadResult, SourceFile } from "../../core/model.js";

const SITE = "site.yaml";
const MAX_CHANGED = 200;

interface FileState {
  /** The file as last loaded: another object is another version (the watcher makes one per version). */
  file: SourceFile;
  diagnostics: Diagnostic[];
  article?: Article;
}

const newestFirst = (a: Article, b: Article) =>
  b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const byPath = (a: Article, b: Article) =>
  a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0;
const earliestFirst = (a: Article, b: Article) => newestFirst(b, a);

/**
 * The paths that may have changed since the previous `load` (added, edited or deleted), and the
 * current files by path: lets a caller that knows them (the watcher) skip comparing every file.
 */
export interface FileChanges {
  paths: Iterable<string>;
  get(path: string): SourceFile | undefined;
}

/** What a partial load replaced: the articles it loaded anew and the ones they (or deletions) replaced. */
export interface LoadChanges {
  /** Articles loaded from changed or new files (published, scheduled or drafts). */
  added: Article[];
  /** Those of `added` that are published (in the result's `articles`). */
  published: Article[];
  /** Articles of the previous result that are gone (their file changed or was deleted). */
  gone: Article[];
}

/**
 * `list` (sorted by `order`, no ties) without `gone` and with `added`, as a new array, and how many
 * of `gone` it held (found where the order puts them).
 */
function replaceSorted(
  list: readonly Article[],
  gone: readonly Article[],
  added: readonly Article[],
  order: (a: Article, b: Article) => number,
): { list: Article[]; removed: number } {
  const out = list.slice();
  let removed = 0;
  const find = (article: Article) => {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(out[mid] as Article, article) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const article of gone) {
    const at = find(article);
    if (out[at] === article) {
      out.splice(at, 1);
      removed++;
    }
  }
  for (const article of added) out.splice(find(article), 0, article);
  return { list: out, removed };
}

export interface IncrementalLoaderOptions {
  /**
   * "reread": articles read their body from their SourceFile when asked (LoadOptions.bodies), so
   * that the loader holds no text when the files read the disk on access. @default "keep"
   */
  bodies?: "keep" | "reread";
  /** Body checks remembered across loads (LoadOptions.bodyCache). Default: the core's. */
  bodyCache?: BodyCheckCache;
}

export class IncrementalLoader {
  #files = new Map<string, FileState>();
  readonly #options: Pick<LoadOptions, "bodies" | "bodyCache">;
  /** The last result, kept only while it is error-free (the partial path needs exact diagnostics). */
  #result: LoadResult | undefined;
  #slugOwner = new Map<string, string>();
  #idOwner = new Map<string, string>();
  /** How the last load was done, for reports and tests. */
  lastMode: "full" | "partial" = "full";
  /** What the last load changed when it was partial; undefined after a full load. */
  lastChanges: LoadChanges | undefined;
  /** The last load returned: a caller's FileChanges (relative to it) can be trusted. */
  #settled = false;

  constructor(options: IncrementalLoaderOptions = {}) {
    this.#options = {
      ...(options.bodies ? { bodies: options.bodies } : {}),
      ...(options.bodyCache ? { bodyCache: options.bodyCache } : {}),
    };
  }

  /**
   * Takes `result`, a full load of `files` done elsewhere (a streaming first build), as if `load`
   * had made it: the next load compares with it.
   */
  adopt(files: SourceFile[], result: LoadResult): void {
    this.lastMode = "full";
    this.lastChanges = undefined;
    this.#remember(files, result);
    this.#settled = true;
  }

  /**
   * Same result as `loadContent(files, { now })` for files in path order (site.yaml first), as the
   * watcher keeps them. `changes`, when given, must name every path whose file was added, edited
   * or deleted since the previous call (more is fine); without it every file is compared.
   */
  load(files: SourceFile[], now: Date, changes?: FileChanges): LoadResult {
    const trusted = this.#settled ? changes : undefined;
    this.#settled = false;
    let result = this.#partial(files, now, trusted);
    if (result) {
      this.lastMode = "partial";
    } else {
      this.lastMode = "full";
      this.lastChanges = undefined;
      result = this.#full(files, now);
    }
    this.#settled = true;
    return result;
  }

  #full(files: SourceFile[], now: Date): LoadResult {
    const result = loadContent(files, { now, ...this.#options });
    this.#remember(files, result);
    return result;
  }

  #remember(files: SourceFile[], result: LoadResult): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of result.diagnostics) {
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    }
    const articles = new Map<string, Article>();
    for (const a of [...result.articles, ...result.scheduled, ...result.drafts])
      articles.set(a.sourcePath, a);
    this.#files = new Map();
    this.#slugOwner = new Map();
    this.#idOwner = new Map();
    for (const file of files) {
      const state: FileState = { file, diagnostics: byFile.get(file.path) ?? [] };
      const article = articles.get(file.path);
      if (article) {
        state.article = article;
        this.#slugOwner.set(article.slug, file.path);
        this.#idOwner.set(article.id, file.path);
      }
      this.#files.set(file.path, state);
    }
    this.#result = result.ok ? result : undefined;
  }

  #partial(files: SourceFile[], now: Date, changes: FileChanges | undefined): LoadResult | undefined {
    const previous = this.#result;
    if (!previous?.site) return undefined;
    const changed: SourceFile[] = [];
    const replaced = new Set<string>();
    if (changes) {
      for (const path of changes.paths) {
        const file = changes.get(path);
        const state = this.#files.get(path);
        if (file ? state?.file !== file : state !== undefined) replaced.add(path);
        if (file && state?.file !== file) changed.push(file);
      }
    } else {
      let known = 0;
      for (const file of files) {
        const state = this.#files.get(file.path);
        if (state) known++;
        if (state?.file !== file) {
          changed.push(file);
          replaced.add(file.path);
        }
      }
      if (known < this.#files.size) {
        const present = new Set(files.map((f) => f.path));
        for (const path of this.#files.keys()) if (!present.has(path)) replaced.add(path);
      }
    }
    const site = files[0];
    if (site?.path !== SITE || changed.some((f) => f.path === SITE) || changed.length > MAX_CHANGED)
      return undefined;
    // Time moved an article across `now`: its scheduled warning comes and goes, so load everything.
    const nowMs = now.getTime();
    if (previous.scheduled.some((a) => a.publishedMs <= nowMs)) return undefined;
    if ((previous.articles[0]?.publishedMs ?? 0) > nowMs) return undefined;

    if (replaced.size === 0) {
      this.lastChanges = { added: [], published: [], gone: [] };
      return previous;
    }
    const fresh = loadContent([site, ...changed], { now, ...this.#options });
    if (!fresh.ok || !fresh.site) return undefined;
    const added = [...fresh.articles, ...fresh.scheduled, ...fresh.drafts];
    for (const article of added) {
      const slugOwner = this.#slugOwner.get(article.slug);
      const idOwner = this.#idOwner.get(article.id);
      if ((slugOwner && !replaced.has(slugOwner)) || (idOwner && !replaced.has(idOwner))) return undefined;
    }

    // No collision: commit the changes.
    const gone = new Set<Article>();
    for (const path of replaced) {
      const old = this.#files.get(path)?.article;
      if (old) {
        gone.add(old);
        if (this.#slugOwner.get(old.slug) === path) this.#slugOwner.delete(old.slug);
        if (this.#idOwner.get(old.id) === path) this.#idOwner.delete(old.id);
      }
      this.#files.delete(path);
    }
    const freshDiagnostics = fresh.diagnostics.filter((d) => d.file !== SITE);
    for (const file of changed) {
      this.#files.set(file.path, {
        file,
        diagnostics: freshDiagnostics.filter((d) => d.file === file.path),
      });
    }
    for (const article of added) {
      const state = this.#files.get(article.sourcePath);
      if (state) state.article = article;
      this.#slugOwner.set(article.slug, article.sourcePath);
      this.#idOwner.set(article.id, article.sourcePath);
    }
    // Each list stays sorted: remove what is gone and insert what is new where the order puts it
    // (an edit is a few binary searches, not a sort of the archive).
    const goneList = [...gone];
    const published = replaceSorted(previous.articles, goneList, fresh.articles, newestFirst);
    const scheduledNow = replaceSorted(previous.scheduled, goneList, fresh.scheduled, earliestFirst);
    const draftsNow = replaceSorted(previous.drafts, goneList, fresh.drafts, byPath);
    let articles = published.list;
    let scheduled = scheduledNow.list;
    let drafts = draftsNow.list;
    if (published.removed + scheduledNow.removed + draftsNow.removed !== gone.size) {
      // Not where the order puts them (cannot happen with unique ids and paths): filter and sort.
      const keep = (list: Article[]) => list.filter((a) => !gone.has(a));
      articles = [...keep(previous.articles), ...fresh.articles].sort(newestFirst);
      scheduled = [...keep(previous.scheduled), ...fresh.scheduled].sort(earliestFirst);
      drafts = [...keep(previous.drafts), ...fresh.drafts].sort(byPath);
    }
    const unchangedDiagnostics =
      freshDiagnostics.length === 0 && !previous.diagnostics.some((d) => replaced.has(d.file));
    const diagnostics = unchangedDiagnostics
      ? previous.diagnostics
      : [...previous.diagnostics.filter((d) => !replaced.has(d.file)), ...freshDiagnostics].sort(
          compareDiagnostics,
        );
    const result: LoadResult = { site: previous.site, articles, scheduled, drafts, diagnostics, ok: true };
    if (scheduled[0]) result.nextScheduledAt = scheduled[0].published;
    this.#result = result;
    this.lastChanges = { added, published: fresh.articles, gone: goneList };
    return result;
  }
}
