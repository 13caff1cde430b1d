/**
 * loadContent for a watcher: the same LoadResult, but after the first load only the files that
 * changed (new bytes) are loaded again; the other articles and their diagnostics come from the
 * previous result. Whenever the shortcut could differ from a full load it falls back to one:
 * site.yaml changed, any error (diagnostics must be exact), a slug or id now shared, a previous
 * duplicate, an article crossing its scheduled time, or many files changed at once.
 *
 * Relies on loadContent's contract: an article depends only on its own file and the site; slugs
 * and ids must be unique; articles newest first (ties by id), scheduled earliest first, drafts in
 * file order, diagnostics sorted by compareDiagnostics.
 */
import { compareDiagnostics, loadContent } from "../../core/load.js";
import type { Article, Diagnostic, LoadResult, SourceFile } from "../../core/model.js";

const SITE = "site.yaml";
const MAX_CHANGED = 200;

interface FileState {
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
  article?: Article;
  /** Whether `article` was scheduled (published after `now`) when loaded. */
  scheduled?: boolean;
}

const newestFirst = (a: Article, b: Article) =>
  b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class IncrementalLoader {
  #files = new Map<string, FileState>();
  /** How the last load was done, for reports and tests. */
  lastMode: "full" | "partial" = "full";

  load(files: SourceFile[], now: Date): LoadResult {
    const result = this.#partial(files, now);
    if (result) {
      this.lastMode = "partial";
      return result;
    }
    this.lastMode = "full";
    return this.#full(files, now);
  }

  #full(files: SourceFile[], now: Date): LoadResult {
    const result = loadContent(files, { now });
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of result.diagnostics) {
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    }
    const articles = new Map<string, { article: Article; scheduled: boolean }>();
    for (const article of [...result.articles, ...result.drafts]) {
      articles.set(article.sourcePath, { article, scheduled: false });
    }
    for (const article of result.scheduled) articles.set(article.sourcePath, { article, scheduled: true });
    this.#files = new Map(
      files.map((file) => {
        const found = articles.get(file.path);
        const state: FileState = { bytes: file.bytes, diagnostics: byFile.get(file.path) ?? [] };
        if (found) Object.assign(state, found);
        return [file.path, state];
      }),
    );
    return result;
  }

  #partial(files: SourceFile[], now: Date): LoadResult | undefined {
    if (this.#files.size === 0) return undefined;
    const changed = files.filter((f) => this.#files.get(f.path)?.bytes !== f.bytes);
    if (changed.some((f) => f.path === SITE) || changed.length > MAX_CHANGED) return undefined;
    const site = files.find((f) => f.path === SITE);
    if (!site) return undefined;
    const nowMs = now.getTime();
    for (const state of this.#files.values()) {
      if (state.diagnostics.some((d) => d.severity === "error")) return undefined;
      if (state.article && !state.article.draft && state.article.publishedMs > nowMs !== state.scheduled) {
        return undefined;
      }
    }
    const fresh = loadContent([site, ...changed], { now });
    if (!fresh.ok || !fresh.site) return undefined;

    const next = new Map<string, FileState>();
    const freshArticles = new Map<string, Article>();
    for (const a of [...fresh.articles, ...fresh.scheduled, ...fresh.drafts])
      freshArticles.set(a.sourcePath, a);
    const slugs = new Set<string>();
    const ids = new Set<string>();
    const articles: Article[] = [];
    const scheduled: Article[] = [];
    const drafts: Article[] = [];
    const diagnostics: Diagnostic[] = fresh.diagnostics.filter((d) => d.file === SITE);
    for (const file of files) {
      let state = this.#files.get(file.path);
      if (state?.bytes !== file.bytes) {
        state = { bytes: file.bytes, diagnostics: fresh.diagnostics.filter((d) => d.file === file.path) };
        const article = freshArticles.get(file.path);
        if (article)
          Object.assign(state, { article, scheduled: !article.draft && article.publishedMs > nowMs });
      }
      next.set(file.path, state);
      if (file.path === SITE) continue;
      diagnostics.push(...state.diagnostics);
      const article = state.article;
      if (!article) return undefined; // only error-free files reach here, so every article file has one
      if (slugs.has(article.slug) || ids.has(article.id)) return undefined;
      slugs.add(article.slug);
      ids.add(article.id);
      if (article.draft) drafts.push(article);
      else if (state.scheduled) scheduled.push(article);
      else articles.push(article);
    }
    articles.sort(newestFirst);
    scheduled.sort((a, b) => newestFirst(b, a));
    diagnostics.sort(compareDiagnostics);
    this.#files = next;
    const result: LoadResult = { site: fresh.site, articles, scheduled, drafts, diagnostics, ok: true };
    if (scheduled[0]) result.nextScheduledAt = scheduled[0].published;
    return result;
  }
}
