/**
 * Body problems come from the renderer's own pass over the Markdown (`renderBody`), so what
 * validation reports is exactly what rendering would change. That pass is the costliest part of
 * a build, and it depends only on the source file and the article URL: results are remembered
 * by (source hash, URL), so a warm Lambda or a long-running process re-checks only what changed.
 *
 * The same pass also yields the body's plain text and word count (JSON-LD's `articleBody` and
 * `wordCount`). They are remembered beside the problems, up to a budget of characters, so the
 * renderer takes them instead of parsing every body a second time (see render/index.ts).
 */
import { type BodyProblem, renderBody } from "../markdown.js";

/** What the renderer needs of a body besides its HTML. */
export interface BodyFacts {
  text: string;
  wordCount: number;
}

export interface BodyCheckCache {
  get(key: string): readonly BodyProblem[] | undefined;
  set(key: string, problems: readonly BodyProblem[], facts?: BodyFacts): void;
  /** Plain text and word count stored with the problems, when the cache kept them. */
  facts?(key: string): BodyFacts | undefined;
}

const NONE: readonly BodyProblem[] = Object.freeze([]);

interface Entry {
  problems: readonly BodyProblem[];
  facts: BodyFacts | undefined;
}

/**
 * A bounded in-memory cache: forgets everything when it holds `limit` keys, and keeps plain text
 * only while the texts held total at most `textBudget` characters (beyond that, problems only),
 * so memory never grows past those bounds.
 */
export function createBodyCheckCache(limit = 100_000, textBudget = 96 * 1024 * 1024): BodyCheckCache {
  const entries = new Map<string, Entry>();
  let textChars = 0;
  return {
    get: (key) => entries.get(key)?.problems,
    set(key, problems, facts) {
      if (entries.size >= limit) {
        entries.clear();
        textChars = 0;
      }
      const old = entries.get(key);
      if (old?.facts) textChars -= old.facts.text.length;
      const keep = facts !== undefined && textChars + facts.text.length <= textBudget;
      if (keep) textChars += facts.text.length;
      entries.set(key, {
        problems: problems.length === 0 ? NONE : problems,
        facts: keep ? facts : undefined,
      });
    },
    facts: (key) => entries.get(key)?.facts,
  };
}

/** The process-wide default (shared by the loader and the renderer). */
export const sharedBodyCheckCache: BodyCheckCache = createBodyCheckCache();

/** The cache key of a body: the source file's hash and the URL its links resolve against. */
export function bodyKey(sourceHash: string, url: string): string {
  return `${sourceHash} ${url}`;
}

/**
 * The renderer's problems for `body` at `url`; `sourceHash` identifies the file the body came from.
 * With `onFacts`, the plain text and word count of this parse (or of the cache, when it kept them)
 * go to the caller instead of the cache, which then holds problems only.
 */
export function bodyProblems(
  body: string,
  url: string,
  sourceHash: string,
  cache: BodyCheckCache,
  onFacts?: (facts: BodyFacts) => void,
): readonly BodyProblem[] {
  const key = bodyKey(sourceHash, url);
  let problems = cache.get(key);
  if (problems === undefined) {
    const rendered = renderBody(body, url);
    problems = rendered.problems;
    const facts = { text: rendered.text, wordCount: rendered.wordCount };
    if (onFacts) {
      cache.set(key, problems);
      onFacts(facts);
    } else cache.set(key, problems, facts);
  } else if (onFacts) {
    const facts = cache.facts?.(key);
    if (facts) onFacts(facts);
  }
  return problems;
}
