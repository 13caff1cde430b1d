/**
 * Loads one article file: decode, split, parse and validate the front matter, resolve what it
 * leaves implicit, and check what the schema cannot (dates, lengths, sections, the body).
 */
import { sha256Hex as sha256 } from "../hash.js";
import type { BodyProblem } from "../markdown.js";
import type { Article, ArticleFrontMatter, Diagnostic, Site, SourceFile } from "../model.js";
import { type BodyCheckCache, type BodyFacts, bodyKey, bodyProblems } from "./body-check.js";
import { checkFrontMatter } from "./checks.js";
import { decodeUtf8 } from "./decode.js";
import { splitFrontMatter } from "./front-matter.js";
import { LineIndex } from "./lines.js";
import { reportSchemaProblems, reportUndecodable } from "./report.js";
import {
  claimedNames,
  defaultId,
  type Resolved,
  resolveImageType,
  resolveSlug,
  resolveUrl,
} from "./resolve.js";
import { explainSchemaErrors, fieldName } from "./schema-errors.js";
import { MAX_ARTICLE_BYTES, tooLargeMessage } from "./size.js";
import { FileReport, type PathSegment, YamlSource } from "./source.js";
import { articleShape, validateArticle } from "./validators.js";
import { checkXmlChars } from "./xml-chars.js";

/** A body check still to run: the body, the URL its links resolve against, and its cache key. */
export interface BodyCheckRequest {
  key: string;
  body: string;
  url: string;
}

/** An article file after loading; `article` is set when its front matter could be resolved. */
export interface LoadedArticle {
  report: FileReport;
  source?: YamlSource;
  article?: Article;
  /**
   * The slug and id the file claims, also when it has errors (`article`'s when it has none), so
   * that a duplicate is reported together with the file's other problems.
   */
  slug?: string;
  id?: string;
  /**
   * The body check, run by the caller after every file's front matter is loaded (so that a shell
   * may compute `request` elsewhere first, e.g. on worker threads, and leave it in the cache).
   */
  bodyCheck?: { request: BodyCheckRequest; run(): void };
}

/**
 * A flat copy of a substring. V8 keeps the whole parent string alive behind a substring (a "sliced
 * string"), so front-matter values sliced out of a 7 KB file would keep the entire file in memory
 * for as long as the article lives: 73 MB for 10,000 articles. The text is valid UTF-8 decoded
 * (no lone surrogates), so the round trip is exact.
 */
function detach(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, "utf8").toString("utf8");
}

/** How a load treats bodies (see LoadOptions in ../load.ts). */
export interface ArticleHooks {
  /** Called after the body check of an article without errors, with the plain text of its parse. */
  onArticle?: (article: Article, facts: BodyFacts, site: Site) => void;
  /** Article.body is read again from the SourceFile when asked for, instead of being kept. */
  reread?: boolean;
}

/** Where body checks resolve relative links when the site (hence the URL) is unknown. */
const PLACEHOLDER_URL = "https://site-yaml-has-errors.invalid/article";

export function loadArticle(
  file: SourceFile,
  site: Site | undefined,
  out: Diagnostic[],
  cache: BodyCheckCache,
  hooks: ArticleHooks = {},
): LoadedArticle {
  const report = new FileReport(file.path, out);
  // Read once: a shell's SourceFile may read the disk on each access (cli/read-content.ts).
  const bytes = file.bytes;
  if (bytes.length > MAX_ARTICLE_BYTES) {
    report.add("error", "file.too-large", tooLargeMessage(bytes.length), { line: 1, column: 1 });
    return { report };
  }
  const sourceHash = sha256(bytes);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    reportUndecodable(report, decoded);
    return { report };
  }
  const text = decoded.text;
  const split = splitFrontMatter(text);
  if (!split.ok) {
    report.add("error", split.code, split.message, { line: 1, column: 1 });
    return { report };
  }
  // Positions are only ever asked for in the front matter: index the head alone, and keep no
  // substring of the file (see detach) so that the body can be dropped after its check.
  const lines = new LineIndex(detach(text.slice(0, text.length - split.body.length)));
  const source = new YamlSource(report, lines, detach(split.yaml), split.yamlOffset, 0);
  const loaded: LoadedArticle = { report, source };
  let data = source.parse();
  if (data !== undefined && (typeof data !== "object" || data === null || Array.isArray(data))) {
    report.add(
      "error",
      "front-matter.not-mapping",
      "front matter must be fields, one per line, such as 'title: …' and 'published: …'",
      source.position(0),
    );
    data = undefined;
  }
  let front: ArticleFrontMatter | undefined;
  if (data !== undefined) {
    if (validateArticle(data)) front = data as ArticleFrontMatter;
    else reportSchemaProblems(source, explainSchemaErrors(validateArticle.errors ?? [], data, articleShape));
    if (checkXmlChars(data, source) > 0) front = undefined;
  }

  if (data !== undefined) checkFrontMatter(data as Record<string, unknown>, site, source);
  let url: string | undefined;
  if (front && site) {
    const article = resolveArticle(
      file,
      sourceHash,
      hooks.reread ? undefined : split.body,
      split.bodyLine,
      front,
      site,
      source,
    );
    if (article && hooks.reread) rereadBody(article, file);
    if (article) {
      loaded.article = article;
      loaded.slug = article.slug;
      loaded.id = article.id;
      url = article.url;
    }
  }
  if (!loaded.article && data !== undefined) {
    const claimed = claimedNames(file.path, data as Record<string, unknown>);
    if (claimed.slug !== undefined) loaded.slug = claimed.slug;
    if (claimed.id !== undefined) loaded.id = claimed.id;
  }
  const bodyUrl = url ?? front?.canonical ?? PLACEHOLDER_URL;
  loaded.bodyCheck = {
    request: { key: bodyKey(sourceHash, bodyUrl), body: split.body, url: bodyUrl },
    run: () => {
      let facts: BodyFacts | undefined;
      const onFacts = hooks.onArticle && loaded.article ? (f: BodyFacts) => (facts = f) : undefined;
      checkBody(split.body, split.bodyLine, front?.draft === true, report, () =>
        bodyProblems(split.body, bodyUrl, sourceHash, cache, onFacts),
      );
      if (facts && loaded.article && site && report.errors === 0)
        hooks.onArticle?.(loaded.article, facts, site);
    },
  };
  return loaded;
}

/**
 * Gives `article` (built without a `body`) a getter that reads the file again: added as a new
 * property, since turning an existing data property into an accessor sends V8 objects into slow
 * "dictionary" mode (0.8–1.5 KB more per article in a heap snapshot). The getter: the load then holds no body
 * (a renderer asks only for the bodies it parses again: feed items, documents not cached). The
 * bytes must be those that were validated: a file edited during the build is an error, never
 * published unchecked.
 */
export function rereadBody(article: Article, file: SourceFile): void {
  (article as Article & { [SOURCE_FILE]: SourceFile })[SOURCE_FILE] = file;
  Object.defineProperty(article, "body", REREAD_BODY);
}

/** A content file read again during a build no longer has the bytes that were validated. */
export class ContentChangedError extends Error {
  override readonly name = "ContentChangedError";
}

/** Where rereadBody keeps an article's file (a symbol: not enumerable by keys or JSON). */
const SOURCE_FILE = Symbol("feedpub.sourceFile");

/**
 * One getter shared by every article: a closure per article would give each its own V8 map (the
 * accessor is part of it) and send all of them into slow dictionary mode (0.8–1.5 KB more each).
 */
const REREAD_BODY: PropertyDescriptor = {
  // Not enumerable: copies, JSON and the article cache see an article without its body (which
  // JSON.stringify would otherwise read back from disk).
  enumerable: false,
  configurable: true,
  get(this: Article & { [SOURCE_FILE]: SourceFile }): string {
    const file = this[SOURCE_FILE];
    const bytes = file.bytes;
    const decoded = sha256(bytes) === this.sourceHash ? decodeUtf8(bytes) : undefined;
    const split = decoded?.ok ? splitFrontMatter(decoded.text) : undefined;
    if (!split?.ok) {
      throw new ContentChangedError(
        `${file.path} changed on disk during the build (it is not what was validated); nothing more was written, re-run`,
      );
    }
    return split.body;
  },
};

function checkBody(
  body: string,
  bodyLine: number,
  draft: boolean,
  report: FileReport,
  problems: () => readonly BodyProblem[],
): void {
  if (body.trim() === "") {
    const at = { line: bodyLine, column: 1 };
    report.add(
      draft ? "warning" : "error",
      "body.empty",
      "the article has no text after the front matter",
      at,
      "body",
    );
    return;
  }
  for (const problem of problems()) {
    const at = { line: bodyLine + problem.line - 1, column: problem.column };
    report.add(problem.severity, problem.code, problem.message, at, "body");
  }
}

/** `body` undefined: the caller adds it (rereadBody); the article is built without one. */
function resolveArticle(
  file: SourceFile,
  sourceHash: string,
  body: string | undefined,
  bodyLine: number,
  front: ArticleFrontMatter,
  site: Site,
  source: YamlSource,
): Article | undefined {
  const report = source.report;
  const errorsBefore = report.errors;
  const fail = (result: Extract<Resolved<unknown>, { ok: false }>, path: PathSegment[]) =>
    report.add("error", result.code, result.message, source.locate(path), fieldName(path));

  const slug = resolveSlug(file.path, front);
  if (!slug.ok) fail(slug, ["slug"]);
  const url = slug.ok ? resolveUrl(site, slug.value, front) : undefined;
  if (url && !url.ok) fail(url, url.code === "url.section-required" ? ["section"] : []);
  const imageType = front.image ? resolveImageType(front.image) : undefined;
  if (imageType && !imageType.ok) fail(imageType, ["image", "url"]);

  const publishedMs = Date.parse(front.published);
  const updatedMs = front.updated === undefined ? undefined : Date.parse(front.updated);

  if (
    report.errors > errorsBefore ||
    !slug.ok ||
    !url?.ok ||
    (imageType && !imageType.ok) ||
    Number.isNaN(publishedMs) ||
    (updatedMs !== undefined && Number.isNaN(updatedMs))
  ) {
    return undefined;
  }

  const article = {
    sourcePath: file.path,
    id: front.id ?? defaultId(site, file.path, front.published),
    slug: slug.value,
    title: front.title,
    url: url.value,
    published: front.published,
    publishedMs,
    modified: front.updated ?? front.published,
    modifiedMs: updatedMs ?? publishedMs,
    authors: front.authors ?? (site.defaultAuthor ? [site.defaultAuthor] : []),
    tags: front.tags ?? [],
    language: front.language ?? site.language,
    draft: front.draft === true,
    ...(body === undefined ? {} : { body }),
    bodyLine,
    sourceHash,
  } as Article;
  if (front.updated !== undefined && updatedMs !== undefined) {
    article.updated = front.updated;
    article.updatedMs = updatedMs;
  }
  if (front.editor) article.editor = front.editor;
  if (front.dateline !== undefined) article.dateline = front.dateline;
  if (front.source) article.source = front.source;
  if (front.section !== undefined) article.section = front.section;
  if (front.summary !== undefined) article.summary = front.summary;
  if (front.image && imageType?.ok) article.image = { ...front.image, type: imageType.value };
  return article;
}
