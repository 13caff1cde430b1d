/**
 * Body problems come from the renderer's own pass over the Markdown (`renderBody`), so what
 * validation reports is exactly what rendering would change. That pass is the costliest part of
 * loading, and it depends only on the source file and the article URL: results are remembered
 * by (source hash, URL), so a warm Lambda or a long-running process re-checks only what changed.
 */
import { type BodyProblem, renderBody } from "../markdown.js";

export interface BodyCheckCache {
  get(key: string): readonly BodyProblem[] | undefined;
  set(key: string, problems: readonly BodyProblem[]): void;
}

const NONE: readonly BodyProblem[] = Object.freeze([]);

/** A bounded in-memory cache (forgets everything when full: memory never grows past `limit` keys). */
export function createBodyCheckCache(limit = 100_000): BodyCheckCache {
  const entries = new Map<string, readonly BodyProblem[]>();
  return {
    get: (key) => entries.get(key),
    set(key, problems) {
      if (entries.size >= limit) entries.clear();
      entries.set(key, problems.length === 0 ? NONE : problems);
    },
  };
}

/** The process-wide default. */
export const sharedBodyCheckCache: BodyCheckCache = createBodyCheckCache();

/** The renderer's problems for `body` at `url`; `sourceHash` identifies the file the body came from. */
export function bodyProblems(
  body: string,
  url: string,
  sourceHash: string,
  cache: BodyCheckCache,
): readonly BodyProblem[] {
  const key = `${sourceHash} ${url}`;
  let problems = cache.get(key);
  if (problems === undefined) {
    problems = renderBody(body, url).problems;
    cache.set(key, problems);
  }
  return problems;
}
