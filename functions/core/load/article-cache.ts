/**
 * Loaded articles remembered between runs, so that a rebuild after a one-article edit reads and
 * parses only that file. An entry is keyed by the file's path and the shell's `stamp` of it
 * (SourceFile.stamp: size, mtime, ctime and inode, as git's index does), and is valid only for
 * the same site config and feedpub code (the shell keeps one cache per both). Only files without
 * errors are remembered; their warnings are replayed. What still protects the output when a stamp
 * lies (a file rewritten within the same clock tick, with the same size): the shell gives no stamp
 * to files changed in the last seconds, and a body read later for rendering is checked against
 * the remembered source hash (load/article.ts rereadBody).
 */
import type { Article, Diagnostic } from "../model.js";

/** An article as remembered: everything but its body, and its file's warnings. */
export interface CachedArticle {
  article: Omit<Article, "body">;
  warnings: Diagnostic[];
}

export interface ArticleCache {
  get(path: string, stamp: string): CachedArticle | undefined;
  set(path: string, stamp: string, entry: CachedArticle): void;
}

/**
 * `article` without its body: the article itself when its body is not enumerable (read from the
 * file on demand, see load/article.ts rereadBody: JSON and copies skip it), else a copy without it.
 * No copy in the usual case: at 50,000 articles copies cost ~75 MB.
 */
export function withoutBody(article: Article): Omit<Article, "body"> {
  if (!Object.getOwnPropertyDescriptor(article, "body")?.enumerable) return article;
  const copy: Partial<Article> = {};
  for (const key of Object.keys(article) as (keyof Article)[]) {
    if (key !== "body") (copy as Record<string, unknown>)[key] = article[key];
  }
  return copy as Omit<Article, "body">;
}
