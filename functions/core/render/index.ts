/**
 * renderSite: Content → every output file, as a stream. Order: per-article JSON-LD, then each
 * section's feeds and view, then the root feeds, index.jsonld and index.html.
 *
 * Each article body is parsed once per build. The loader's body check already parsed it and left
 * its plain text and word count in the body cache (load/body-check.ts): JSON-LD takes them from
 * there. Only bodies that appear in some feed are parsed again here, for their HTML (at most
 * itemsPerFeed × (sections + 1)); they are kept until the feeds are written, the rest are dropped
 * as soon as their JSON-LD is out, so memory does not grow with the archive.
 */

import { sha256Hex } from "../hash.js";
import { type BodyCheckCache, type BodyFacts, bodyKey, sharedBodyCheckCache } from "../load/body-check.js";
import { renderBody } from "../markdown.js";
import { cacheControlFor, contentTypeFor } from "../media-types.js";
import type { Article, Content, OutputFile, RenderedBody, Site } from "../model.js";
import { type DocumentCache, documentKey, type HtmlCache } from "../render-cache.js";
import { memorySpool, type Spool, type SpoolReader } from "../spool.js";
import { renderAtom } from "./atom.js";
import { describeFeeds, type FeedDescriptor, type FeedItem } from "./feeds.js";
import { renderLandingPage, renderSectionPage } from "./index-html.js";
import { renderJsonFeed } from "./json-feed.js";
import { renderCollection, renderNewsArticle } from "./json-ld.js";
import { renderRss } from "./rss.js";

const encoder = new TextEncoder();

function output(path: string, text: string): OutputFile {
  return {
    path,
    body: encoder.encode(text),
    contentType: contentTypeFor(path),
    cacheControl: cacheControlFor(path),
  };
}

/*
 * Outputs whose bytes come later are class instances with a `body` getter on the prototype, not
 * object literals with a getter: V8 keeps literals with per-object getter closures in slow
 * "dictionary" mode (~450 bytes more each, measured on 10,000 documents).
 */

/** Shared by the outputs whose bytes come later: path, headers and digest. */
abstract class DeferredOutput implements OutputFile {
  readonly contentType: string;
  readonly cacheControl: string;

  constructor(
    readonly path: string,
    readonly sha256: string,
    readonly size: number,
  ) {
    this.contentType = contentTypeFor(path);
    this.cacheControl = cacheControlFor(path);
  }

  abstract get body(): Uint8Array;
}

/**
 * An output whose digest is known; its bytes are rendered only when read, and must match the digest
 * (a stale cache is a bug, never silently published).
 */
class LazyOutput extends DeferredOutput {
  #body: Uint8Array | undefined;

  constructor(
    path: string,
    sha256: string,
    size: number,
    private readonly render: () => string,
  ) {
    super(path, sha256, size);
  }

  get body(): Uint8Array {
    if (this.#body === undefined) {
      const body = encoder.encode(this.render());
      if (sha256Hex(body) !== this.sha256) {
        throw new Error(`render cache: ${this.path} no longer renders to the bytes it had; delete the cache`);
      }
      this.#body = body;
    }
    return this.#body;
  }
}

/**
 * Buffers that spooled documents are read back into, recycled when the engine releases a written
 * document: at 50,000 articles a fresh buffer per document left ~60 MB of garbage outside the heap
 * (and more in the allocator) between garbage collections.
 */
const SCRATCH_BYTES = 64 * 1024;
const scratchBuffers: Uint8Array[] = [];

/** An output whose bytes wait in a spool. */
class SpooledOutput extends DeferredOutput {
  #body: Uint8Array | undefined;
  #scratch: Uint8Array | undefined;

  constructor(
    path: string,
    sha256: string,
    size: number,
    private readonly read: SpoolReader,
  ) {
    super(path, sha256, size);
  }

  get body(): Uint8Array {
    if (this.#body === undefined) {
      const scratch =
        this.size <= SCRATCH_BYTES ? (scratchBuffers.pop() ?? new Uint8Array(SCRATCH_BYTES)) : undefined;
      this.#body = this.read(scratch);
      if (scratch && this.#body.buffer === scratch.buffer) this.#scratch = scratch;
      else if (scratch) scratchBuffers.push(scratch);
    }
    return this.#body;
  }

  /** The engine wrote the body: its buffer goes back for the next document. */
  release(): void {
    this.#body = undefined;
    if (this.#scratch && scratchBuffers.length < 64) scratchBuffers.push(this.#scratch);
    this.#scratch = undefined;
  }
}

function bodyOf(article: Article, html: HtmlCache | undefined): RenderedBody {
  const key = html ? bodyKey(article.sourceHash, article.url) : "";
  const known = html?.get(key);
  if (known !== undefined) return new CachedHtmlBody(article, known);
  const body = renderBody(article.body, article.url);
  html?.set(key, body.html);
  return { html: body.html, text: body.text, wordCount: body.wordCount };
}

/**
 * A feed item's body whose HTML the cache knew (by source hash and URL); its plain text and word
 * count (a feed reads them only for an article without a summary) come from a parse on first use.
 */
class CachedHtmlBody implements RenderedBody {
  #parsed: RenderedBody | undefined;

  constructor(
    private readonly article: Article,
    readonly html: string,
  ) {}

  #parse(): RenderedBody {
    this.#parsed ??= renderBody(this.article.body, this.article.url);
    return this.#parsed;
  }

  get text(): string {
    return this.#parse().text;
  }

  get wordCount(): number {
    return this.#parse().wordCount;
  }
}

const FEED_FORMATS = [
  ["feed.xml", renderRss],
  ["atom.xml", renderAtom],
  ["feed.json", renderJsonFeed],
] as const;

/**
 * A feed's three documents. With a document cache, a feed whose items are the same articles as in
 * an earlier run (same sources, paths and URLs; the cache is per site config and code) is yielded
 * as digests with lazy bodies: its items' bodies are parsed only if the engine writes it.
 */
function* feedFiles(
  site: Site,
  feed: FeedDescriptor,
  bodyFor: (article: Article) => RenderedBody,
  documents: DocumentCache | undefined,
): Generator<OutputFile> {
  let items: FeedItem[] | undefined;
  const itemsOf = () => {
    items ??= feed.articles.map((article) => ({ article, body: bodyFor(article) }));
    return items;
  };
  const key = documents
    ? `feed ${feed.dir} ${sha256Hex(encoder.encode(feed.articles.map(documentKey).join("\n")))}`
    : "";
  for (const [name, render] of FEED_FORMATS) {
    const path = `${feed.dir}${name}`;
    const known = documents?.get(`${key} ${name}`);
    if (known) {
      yield new LazyOutput(path, known.sha256, known.size, () => render(site, feed, itemsOf()));
      continue;
    }
    yield withDigest(output(path, render(site, feed, itemsOf())), documents, `${key} ${name}`);
  }
}

/** Records the digest of a freshly rendered output in the document cache (when there is one). */
function withDigest(file: OutputFile, documents: DocumentCache | undefined, key: string): OutputFile {
  if (!documents) return file;
  file.sha256 = sha256Hex(file.body);
  file.size = file.body.byteLength;
  documents.set(key, { sha256: file.sha256, size: file.size });
  return file;
}

export interface RenderOptions {
  /** Where the loader left each body's plain text and word count. Default: the loader's default. */
  bodyCache?: BodyCheckCache;
  /**
   * Digests of JSON-LD documents and feeds rendered by an earlier run (render-cache.ts). A document
   * whose digest is known is yielded with that digest and a lazy body: rendered (and its Markdown
   * parsed) only if the publishing engine writes it. Documents rendered here are added to it.
   */
  documents?: DocumentCache;
  /**
   * Per-article documents rendered earlier (by `prerenderArticle`, while loading), by the
   * article's sourcePath: yielded as they are instead of being rendered again.
   */
  prerendered?: ReadonlyMap<string, OutputFile>;
}

/** Where an article's JSON-LD document is published. */
export function articleDocumentPath(article: Article): string {
  return `articles/${article.slug}.jsonld`;
}

/**
 * An article's JSON-LD document rendered from the plain text of the loader's parse (LoadOptions.
 * onArticle), with its digest, its bytes left in `spool` until the engine writes them. Returns
 * undefined when `documents` already knows its digest: renderSite then yields it lazily, rendered
 * only if the engine writes it.
 */
export function prerenderArticle(
  site: Site,
  article: Article,
  facts: BodyFacts,
  options: { documents?: DocumentCache; spool?: Spool } = {},
): OutputFile | undefined {
  if (options.documents?.get(documentKey(article))) return undefined;
  const spool = options.spool ?? memorySpool;
  if (spool.storeText) {
    const { reader, bytes } = spool.storeText(renderArticleText(site, article, facts));
    const digest = { sha256: sha256Hex(bytes), size: bytes.byteLength };
    return keepPrerendered(article, reader, digest, options.documents);
  }
  const bytes = renderArticleDocument(site, article, facts);
  const digest = { sha256: sha256Hex(bytes), size: bytes.byteLength };
  return keepPrerendered(article, spool.store(bytes), digest, options.documents);
}

/** An article's JSON-LD document, from the plain text and word count of its body. */
export function renderArticleDocument(site: Site, article: Article, facts: BodyFacts): Uint8Array {
  return encoder.encode(renderArticleText(site, article, facts));
}

/** renderArticleDocument's text, for a caller that encodes it into a buffer of its own. */
export function renderArticleText(site: Site, article: Article, facts: BodyFacts): string {
  return renderNewsArticle(site, article, {
    get html(): string {
      throw new Error("JSON-LD does not render HTML");
    },
    ...facts,
  });
}

/**
 * An article's rendered document (`renderArticleDocument`'s bytes, here or on another thread)
 * as prerenderArticle yields it, its bytes already kept by a spool; undefined when `documents`
 * already knows its digest. The digest is added to `documents`.
 */
export function keepPrerendered(
  article: Article,
  stored: SpoolReader,
  digest: { sha256: string; size: number },
  documents?: DocumentCache,
): OutputFile | undefined {
  const key = documents ? documentKey(article) : "";
  if (documents?.get(key)) return undefined;
  documents?.set(key, digest);
  return new SpooledOutput(articleDocumentPath(article), digest.sha256, digest.size, stored);
}

/** Plain text and word count from the cache when the loader left them there; HTML on demand. */
function textOf(article: Article, cache: BodyCheckCache): RenderedBody {
  const facts = cache.facts?.(bodyKey(article.sourceHash, article.url));
  if (!facts) return renderBody(article.body, article.url);
  let html: string | undefined;
  return {
    get html() {
      html ??= renderBody(article.body, article.url).html;
      return html;
    },
    text: facts.text,
    wordCount: facts.wordCount,
  };
}

export function* renderSite(content: Content, options: RenderOptions = {}): Generator<OutputFile> {
  const { site, articles } = content;
  const cache = options.bodyCache ?? sharedBodyCheckCache;
  const { sections, root } = describeFeeds(content);
  const inFeeds = new Set<string>();
  for (const feed of [...sections, root]) for (const article of feed.articles) inFeeds.add(article.id);

  const bodies = new Map<string, RenderedBody>();
  const documents = options.documents;
  /** A feed article's body, parsed once on first use. */
  const bodyFor = (article: Article): RenderedBody => {
    let body = bodies.get(article.id);
    if (!body) {
      body = bodyOf(article, documents?.html);
      bodies.set(article.id, body);
    }
    return body;
  };
  for (const article of articles) {
    const ready = options.prerendered?.get(article.sourcePath);
    if (ready) {
      yield ready;
      continue;
    }
    const path = articleDocumentPath(article);
    const inFeed = inFeeds.has(article.id);
    const key = documents ? documentKey(article) : "";
    const known = documents?.get(key);
    if (known) {
      yield new LazyOutput(path, known.sha256, known.size, () =>
        renderNewsArticle(site, article, inFeed ? bodyFor(article) : textOf(article, cache)),
      );
      continue;
    }
    // Articles in a feed are parsed for their HTML (once; kept for the feeds); JSON-LD reads only
    // the text, which the others take from the loader's cache without parsing.
    const body = inFeed ? bodyFor(article) : textOf(article, cache);
    yield withDigest(output(path, renderNewsArticle(site, article, body)), documents, key);
  }

  for (const feed of sections) {
    yield* feedFiles(site, feed, bodyFor, documents);
    yield output(`${feed.dir}index.html`, renderSectionPage(site, feed));
  }

  yield* feedFiles(site, root, bodyFor, documents);
  const collection = renderCollection(site, root.articles);
  yield output("index.jsonld", collection);
  yield output("index.html", renderLandingPage(site, root, sections, collection));
}

export { renderBody };
