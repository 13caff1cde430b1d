/**
 * Loads and validates a content tree: site.yaml and articles/**\/*.md as bytes in, every problem
 * (positioned for the editor) and the publishable articles out. Pure: the caller passes `now`.
 *
 * An article with any error is left out of every list; `ok` is false and nothing may publish.
 * Drafts are validated but only listed in `drafts`; articles published after `now` are listed in
 * `scheduled` with a `scheduled` warning.
 */

import { type BodyCheckRequest, type LoadedArticle, loadArticle, rereadBody } from "./load/article.js";
import { type ArticleCache, type CachedArticle, withoutBody } from "./load/article-cache.js";
import { type BodyCheckCache, type BodyFacts, sharedBodyCheckCache } from "./load/body-check.js";
import { checkDuplicates } from "./load/duplicates.js";
import { loadSite, SITE_FILE } from "./load/site.js";
import { FileReport } from "./load/source.js";
import type { BodyProblem } from "./markdown.js";
import type { Article, Diagnostic, LoadResult, Site, SourceFile } from "./model.js";

export interface LoadOptions {
  /** The moment that separates published from scheduled articles. */
  now: Date;
  /**
   * Remembers body problems by source hash and URL across loads. Default: one bounded cache per
   * process. A shell may pass its own (e.g. persisted between runs).
   */
  bodyCache?: BodyCheckCache;
  /**
   * Streaming: called once per article whose Markdown this load parses and that has no error so
   * far, with the plain text and word count of that parse, as soon as its file is checked (a shell
   * renders the article's JSON-LD there and then). With it, body checks run file by file (`pending`
   * is empty) and no body text is kept after its file. Duplicates found at the end may still rule
   * an article out: its document must then not be used (the shell uses only `articles`' ones).
   */
  onArticle?: (article: Article, facts: BodyFacts, site: Site) => void;
  /**
   * "keep" (default): `Article.body` holds the Markdown. "reread": it is read again from the
   * SourceFile on access, checked against the hash it was validated with; for shells whose files
   * read the disk on access, so that a load holds no bodies at all.
   */
  bodies?: "keep" | "reread";
  /**
   * Loaded articles remembered across runs, for this site config (see load/article-cache.ts): a
   * file with a `stamp` found there is not read; files loaded without errors are added. Articles
   * taken from it read their body from the file on access, whatever `bodies` says.
   */
  articleCache?: (site: Site) => ArticleCache | undefined;
  /**
   * Streaming only: offered the article files this load must read and parse (the article cache
   * did not answer them), a shell may share them with other threads (cli/load-workers.ts), each
   * running `loadElsewhere` on the files it claims. The result is the same as a load on one thread.
   */
  share?: (files: readonly SourceFile[], site: Site) => SharedLoad | undefined;
}

/**
 * Files of one load shared between this thread and others. Files are claimed in ranges (the caller
 * loads a claimed range itself); what other threads loaded is handed over by `received`. Indices
 * are into the files given to `LoadOptions.share`.
 */
export interface SharedLoad {
  /**
   * The next range [start, end) for this thread to load; undefined once every range is loaded
   * here or has arrived from another thread (it waits for them).
   */
  claim(): [start: number, end: number] | undefined;
  /** What other threads loaded and this thread has not been handed yet (without waiting). */
  received(): Iterable<[index: number, loaded: LoadedElsewhere]>;
}

/**
 * One article file as loaded by another thread, as plain data (structured-cloneable): its
 * diagnostics, its error count, the article without its body, the slug and id it claims, and what
 * its body check left in the body cache.
 */
export interface LoadedElsewhere {
  diagnostics: Diagnostic[];
  errors: number;
  article?: Omit<Article, "body">;
  slug?: string;
  id?: string;
  body?: { key: string; problems: readonly BodyProblem[]; facts?: BodyFacts };
}

export { ContentChangedError } from "./load/article.js";
export type { ArticleCache, CachedArticle } from "./load/article-cache.js";

export { type BodyCheckCache, type BodyFacts, createBodyCheckCache } from "./load/body-check.js";
export { MAX_ARTICLE_BYTES } from "./load/size.js";

const newestFirst = (a: Article, b: Article) =>
  b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const earliestFirst = (a: Article, b: Article) => newestFirst(b, a);

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/**
 * A load in two steps: `startLoad` reads every file's front matter and lists the body checks it
 * needs; `finish` runs them (through the body cache) and the checks across files. A shell may
 * compute `pending` checks elsewhere first (worker threads) and leave the results in the cache:
 * the result is the same as `loadContent`'s, which is `startLoad(...).finish()`.
 */
export interface StartedLoad {
  /** Body checks whose results are not in the cache yet (non-empty bodies only). */
  pending: BodyCheckRequest[];
  finish(): LoadResult;
}

export type { BodyCheckRequest } from "./load/article.js";

export function loadContent(files: SourceFile[], options: LoadOptions): LoadResult {
  return startLoad(files, options).finish();
}

export function startLoad(files: SourceFile[], options: LoadOptions): StartedLoad {
  const cache = options.bodyCache ?? sharedBodyCheckCache;
  const now = options.now.getTime();
  const diagnostics: Diagnostic[] = [];
  const siteFile = files.find((f) => f.path === SITE_FILE);
  const site = loadSite(siteFile, diagnostics);

  const loaded: LoadedArticle[] = [];
  const articleCache = site && options.articleCache ? options.articleCache(site) : undefined;
  /** Files loaded here that the article cache should remember if they turn out clean. */
  const remember: [LoadedArticle, SourceFile & { stamp: string }][] = [];
  const hooks = {
    ...(options.onArticle ? { onArticle: options.onArticle } : {}),
    reread: options.bodies === "reread",
  };
  // Each file's entry in its slot, so that files loaded in any order (by other threads too) are
  // listed in file order.
  const slots: (LoadedArticle | undefined)[] = new Array(files.length);
  const toLoad: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as SourceFile;
    if (file === siteFile) continue;
    if (!file.path.toLowerCase().endsWith(".md")) {
      diagnostics.push({
        severity: "warning",
        file: file.path,
        line: 1,
        column: 1,
        code: "ignored-file",
        message: "not an article (articles are .md files) nor site.yaml; ignored",
      });
      continue;
    }
    if (articleCache && site && file.stamp !== undefined) {
      const hit = articleCache.get(file.path, file.stamp);
      if (hit) {
        slots[i] = restoreArticle(file, hit, site, diagnostics, cache);
        continue;
      }
    }
    toLoad.push(i);
  }
  const loadHere = (i: number) => {
    const file = files[i] as SourceFile;
    let entry = loadArticle(file, site, diagnostics, cache, hooks);
    if (options.onArticle) {
      entry.bodyCheck?.run();
      // Streaming keeps no per-file text: positions (a duplicate, a scheduled warning) are rare,
      // and found by loading the file again.
      entry = site ? forgetSource(entry, file, site, cache) : { ...entry, bodyCheck: undefined };
    }
    slots[i] = entry;
  };
  const shared =
    options.onArticle && site && toLoad.length > 0
      ? options.share?.(
          toLoad.map((i) => files[i] as SourceFile),
          site,
        )
      : undefined;
  if (shared && site) {
    const adopt = ([k, got]: [number, LoadedElsewhere]) => {
      const i = toLoad[k] as number;
      slots[i] = adoptLoaded(files[i] as SourceFile, got, site, diagnostics, cache);
    };
    for (let range = shared.claim(); range; range = shared.claim()) {
      for (let k = range[0]; k < range[1]; k++) loadHere(toLoad[k] as number);
      for (const got of shared.received()) adopt(got);
    }
    for (const got of shared.received()) adopt(got);
  } else {
    for (const i of toLoad) loadHere(i);
  }
  for (const entry of slots) if (entry) loaded.push(entry);
  if (articleCache) {
    for (const i of toLoad) {
      const file = files[i] as SourceFile;
      const entry = slots[i];
      // The entry as kept (not the one with the file's text): at 50,000 articles holding those
      // until the end of the load cost ~450 MB.
      if (entry && file.stamp !== undefined) remember.push([entry, file as SourceFile & { stamp: string }]);
    }
  }
  const pending: BodyCheckRequest[] = [];
  for (const { bodyCheck } of loaded) {
    if (bodyCheck && bodyCheck.request.body.trim() !== "" && cache.get(bodyCheck.request.key) === undefined) {
      pending.push(bodyCheck.request);
    }
  }
  return {
    pending,
    finish: () =>
      finishLoad(loaded, site, diagnostics, now, articleCache && { cache: articleCache, remember }),
  };
}

/**
 * The entry without its `source`, which is loaded again from the file on first use (positions
 * are rare: a duplicate, a scheduled warning). A class, so that V8 keeps it compact (a literal
 * with a getter closure would be a slow dictionary-mode object).
 */
class LazySourceEntry implements LoadedArticle {
  readonly report: FileReport;
  article?: Article;
  slug?: string;
  id?: string;
  #source: LoadedArticle["source"];
  #load: (() => LoadedArticle["source"]) | undefined;

  constructor(entry: Omit<LoadedArticle, "source">, load: () => LoadedArticle["source"]) {
    this.report = entry.report;
    if (entry.article) this.article = entry.article;
    if (entry.slug !== undefined) this.slug = entry.slug;
    if (entry.id !== undefined) this.id = entry.id;
    this.#load = load;
  }

  get source(): LoadedArticle["source"] {
    if (this.#load) {
      this.#source = this.#load();
      this.#load = undefined;
    }
    return this.#source;
  }
}

function forgetSource(
  entry: LoadedArticle,
  file: SourceFile,
  site: Site,
  cache: BodyCheckCache,
): LoadedArticle {
  return new LazySourceEntry(entry, () => loadArticle(file, site, [], cache).source);
}

/** An article file loaded by another thread (`loadElsewhere` there), as this thread would have loaded it. */
function adoptLoaded(
  file: SourceFile,
  got: LoadedElsewhere,
  site: Site,
  diagnostics: Diagnostic[],
  cache: BodyCheckCache,
): LoadedArticle {
  for (const diagnostic of got.diagnostics) diagnostics.push(diagnostic);
  const report = new FileReport(file.path, diagnostics);
  report.errors = got.errors;
  if (got.body) cache.set(got.body.key, got.body.problems, got.body.facts);
  const entry: LoadedArticle = { report };
  if (got.article) {
    const article = got.article as Article;
    rereadBody(article, file);
    entry.article = article;
  }
  if (got.slug !== undefined) entry.slug = got.slug;
  if (got.id !== undefined) entry.id = got.id;
  return forgetSource(entry, file, site, cache);
}

/**
 * Loads one article file as a streaming `startLoad` would, for a shell's other thread
 * (LoadOptions.share): what `adoptLoaded` needs, as plain data. `onArticle` as in LoadOptions.
 */
export function loadElsewhere(
  file: SourceFile,
  site: Site,
  onArticle?: (article: Article, facts: BodyFacts, site: Site) => void,
): LoadedElsewhere {
  const diagnostics: Diagnostic[] = [];
  let body: LoadedElsewhere["body"];
  // Records what the body check leaves in the cache (nothing is remembered across files here).
  const recorder: BodyCheckCache = {
    get: () => undefined,
    set(key, problems, facts) {
      body = facts ? { key, problems, facts } : { key, problems };
    },
  };
  const entry = loadArticle(file, site, diagnostics, recorder, {
    reread: true,
    ...(onArticle ? { onArticle } : {}),
  });
  entry.bodyCheck?.run();
  const got: LoadedElsewhere = { diagnostics, errors: entry.report.errors };
  if (entry.article) got.article = withoutBody(entry.article);
  if (entry.slug !== undefined) got.slug = entry.slug;
  if (entry.id !== undefined) got.id = entry.id;
  if (body) got.body = body;
  return got;
}

/** A loaded article from the article cache: its warnings replayed, its body and positions read on demand. */
function restoreArticle(
  file: SourceFile,
  hit: CachedArticle,
  site: Site,
  diagnostics: Diagnostic[],
  cache: BodyCheckCache,
): LoadedArticle {
  for (const warning of hit.warnings) diagnostics.push({ ...warning });
  const article = { ...hit.article } as Article;
  rereadBody(article, file);
  const report = new FileReport(file.path, diagnostics);
  return forgetSource({ report, article, slug: article.slug, id: article.id }, file, site, cache);
}

/** Remembers the files loaded in this run without errors, with their own warnings. */
function rememberArticles(
  articleCache: ArticleCache,
  remember: [LoadedArticle, SourceFile & { stamp: string }][],
  diagnostics: Diagnostic[],
): void {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  for (const [entry, file] of remember) {
    if (!entry.article || entry.report.errors > 0) continue;
    articleCache.set(file.path, file.stamp, {
      article: withoutBody(entry.article),
      warnings: (byFile.get(file.path) ?? []).map((d) => ({ ...d })),
    });
  }
}

function finishLoad(
  loaded: LoadedArticle[],
  site: Site | undefined,
  diagnostics: Diagnostic[],
  now: number,
  articleCache?: { cache: ArticleCache; remember: [LoadedArticle, SourceFile & { stamp: string }][] },
): LoadResult {
  for (const entry of loaded) entry.bodyCheck?.run();
  // Before the checks across files and in time, which are made again on every run.
  if (articleCache) rememberArticles(articleCache.cache, articleCache.remember, diagnostics);
  checkDuplicates(loaded);

  const articles: Article[] = [];
  const scheduled: Article[] = [];
  const drafts: Article[] = [];
  for (const entry of loaded) {
    // `entry.source` is read only when a position is needed (a cached article loads it on demand).
    const { article, report } = entry;
    if (!article || report.errors > 0) continue;
    if (article.draft) {
      drafts.push(article);
    } else if (article.publishedMs > now) {
      scheduled.push(article);
      report.add(
        "warning",
        "scheduled",
        `scheduled for ${article.published}; it will be published then`,
        entry.source?.locate(["published"]) ?? { line: 1, column: 1 },
        "published",
      );
    } else {
      articles.push(article);
      if (article.updatedMs !== undefined && article.updatedMs > now) {
        report.add(
          "warning",
          "updated-in-future",
          `is in the future (${article.updated}); readers will see that date now`,
          entry.source?.locate(["updated"]) ?? { line: 1, column: 1 },
          "updated",
        );
      }
    }
  }
  articles.sort(newestFirst);
  scheduled.sort(earliestFirst);
  diagnostics.sort(compareDiagnostics);

  const result: LoadResult = {
    articles,
    scheduled,
    drafts,
    diagnostics,
    ok: !diagnostics.some((d) => d.severity === "error"),
  };
  if (site) result.site = site;
  if (scheduled[0]) result.nextScheduledAt = scheduled[0].published;
  return result;
}
