/**
 * Incremental rebuilds for `feedpub preview --watch`: after one full build (publishSite), a
 * rebuild renders only what an edit can change — the JSON-LD of new or edited articles, and the
 * feeds (with their section page) whose list of articles changed, plus index.jsonld and
 * index.html when any feed did — and writes only the files whose bytes differ. The output is
 * byte-for-byte what `feedpub build` writes (test/integration/preview/incremental-identity.test.ts).
 *
 * Why it is equivalent: an article's JSON-LD depends only on the site and that article (its file
 * and bytes, articleKey); a feed folder's files depend only on the site and the articles
 * `describeFeeds` lists in it; index.jsonld and index.html on the site and every feed's
 * descriptor (renderSite's contract). A change to site.yaml rebuilds everything through publishSite.
 *
 * What keeps an edit of the newest article in a 10,000-article site within a few milliseconds:
 *   - the loader re-reads only the changed files (the watcher names them) and keeps its lists
 *     sorted by insertion (incremental-load.ts);
 *   - feeds are described from the shortest prefix of the articles that holds every feed's items
 *     (describeLatest), not the whole archive;
 *   - feed documents are spliced from per-item bytes rendered once per article version
 *     (feed-splice.ts), prepared in the background after a full build and compared there with the
 *     core's own rendering; an edit renders its own item and the documents' heads;
 *   - a feed is compared with the one on disk part by part, written with writev, and hashed for
 *     the manifest only when the manifest is written;
 *   - an edit of bodies only leaves the section pages, index.jsonld and index.html alone, once the
 *     pages are found (after each full build) to be the same with every body blanked.
 *
 * The publish manifest (C's format) is kept in memory and written back off the hot path: the
 * stale one is deleted before the first incremental write (so a crash leaves no manifest that
 * lies, and the next build simply rewrites everything) and the exact one is written a second after
 * the last rebuild (serialising it holds the event loop for tens of ms at 10,000 articles, so not
 * between quick saves) and on close, in 64 KB chunks (manifest-file.ts). A full build takes the
 * manifest it committed from publishSite rather than reading it back.
 *
 * Memory: no source text is kept. Articles read their body again from their file when a rebuild
 * renders it (checked against the hash it was validated with), body checks remember problems
 * only, and a full build streams as `feedpub build` does (each JSON-LD document rendered from the
 * loader's parse and spooled).
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writevSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { sha256Hex } from "../../core/hash.js";
import { ContentChangedError, createBodyCheckCache } from "../../core/load.js";
import { renderBody } from "../../core/markdown.js";
import { cacheControlFor, contentTypeFor, MANIFEST_PATH } from "../../core/media-types.js";
import type { Article, Content, LoadResult, RenderedBody, Site, SourceFile } from "../../core/model.js";
import type { ManifestEntry } from "../../core/publish/index.js";
import { describeFeeds, type FeedDescriptor } from "../../core/render/feeds.js";
import { renderLandingPage, renderSectionPage } from "../../core/render/index-html.js";
import { renderCollection, renderNewsArticle } from "../../core/render/json-ld.js";
import { createFsStorage, type Storage } from "../../storage/index.js";
import {
  type BuildSummary,
  isFeedPath,
  loadCounts,
  loadForPublish,
  nothingWritten,
  publishLoaded,
} from "../commands/build.js";
import { createFileSpool } from "../file-spool.js";
import { collectIfLarge } from "../heap.js";
import {
  articleKey,
  FEED_FORMATS,
  type FeedFormat,
  FeedSplicer,
  type SplicedFeed,
  sameFeed,
} from "./feed-splice.js";
import { type FileChanges, IncrementalLoader, type LoadChanges } from "./incremental-load.js";
import { writeManifestFile } from "./manifest-file.js";

export interface RebuildSummary extends BuildSummary {
  /** "full" went through publishSite; "incremental" rendered only what the edit affects. */
  mode: "full" | "incremental";
}

const SITE = "site.yaml";
const encoder = new TextEncoder();

const newestFirst = (a: Article, b: Article) =>
  b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

type DescribedFeeds = ReturnType<typeof describeFeeds>;

/** What the feeds list now: enough to tell whether an edited article can change any feed. */
class FeedState {
  /** Slugs of every article some feed lists. */
  readonly listed = new Set<string>();
  readonly #limit: number;
  readonly #root: { count: number; last?: Article };
  readonly #sections = new Map<string, { count: number; last?: Article }>();

  constructor(content: Content, { sections, root }: DescribedFeeds) {
    this.#limit = content.site.itemsPerFeed;
    const cut = (list: Article[]) => ({ count: list.length, ...(list.length ? { last: list.at(-1) } : {}) });
    this.#root = cut(root.articles);
    for (const feed of sections) if (feed.section) this.#sections.set(feed.section, cut(feed.articles));
    for (const feed of [...sections, root])
      for (const article of feed.articles) this.listed.add(article.slug);
  }

  /**
   * Conservative: true unless the article is certain to stay out of every feed (its previous
   * version was not listed, and it sorts after the last item of full root and section feeds).
   */
  affects(article: Article): boolean {
    if (this.listed.has(article.slug)) return true;
    const beats = (cut: { count: number; last?: Article } | undefined) =>
      !cut?.last || cut.count < this.#limit || newestFirst(article, cut.last) < 0;
    if (beats(this.#root)) return true;
    return article.section !== undefined && beats(this.#sections.get(article.section));
  }
}

/**
 * describeFeeds over the shortest prefix of `articles` that holds every feed's items: the same
 * descriptors (a section is listed when it has an article, with its first itemsPerFeed; the root
 * takes the first itemsPerFeed), without walking the archive. `perSection` counts the published
 * articles of each section (undefined: no section).
 */
function describeLatest(
  content: Content,
  perSection: ReadonlyMap<string | undefined, number>,
): DescribedFeeds {
  const { site, articles } = content;
  const limit = site.itemsPerFeed;
  const wanted = new Map<string, number>();
  for (const [section, count] of perSection)
    if (section !== undefined && count > 0) wanted.set(section, Math.min(count, limit));
  let end = 0;
  while (end < articles.length && (wanted.size > 0 || end < limit)) {
    const section = (articles[end] as Article).section;
    end++;
    if (section === undefined) continue;
    const left = wanted.get(section);
    if (left === undefined) continue;
    if (left <= 1) wanted.delete(section);
    else wanted.set(section, left - 1);
  }
  return describeFeeds({ site, articles: end === articles.length ? articles : articles.slice(0, end) });
}

/**
 * Whether `entries` (what a full build wrote) are exactly the outputs an incremental rebuild
 * composes: one document per article, three feeds and a page per feed folder, index.jsonld. If
 * renderSite ever writes other files, every rebuild goes through a full build instead.
 */
function sameOutputs(
  entries: ReadonlyMap<string, ManifestEntry>,
  articles: readonly Article[],
  { sections, root }: DescribedFeeds,
): boolean {
  const expected = new Set<string>(["index.jsonld"]);
  for (const article of articles) expected.add(`articles/${article.slug}.jsonld`);
  for (const feed of [...sections, root]) {
    for (const format of FEED_FORMATS) expected.add(`${feed.dir}${format}`);
    expected.add(`${feed.dir}index.html`);
  }
  if (expected.size !== entries.size) return false;
  for (const path of entries.keys()) if (!expected.has(path)) return false;
  return true;
}

const BODY_FIELDS = new Set(["body", "bodyLine", "sourceHash"]);

/** An article's fields other than its body (and where and what it was read from), as JSON. */
function withoutBody(article: Article): string {
  return JSON.stringify(article, (key, value) => (BODY_FIELDS.has(key) ? undefined : value));
}

function countSections(articles: readonly Article[]): Map<string | undefined, number> {
  const counts = new Map<string | undefined, number>();
  for (const article of articles) counts.set(article.section, (counts.get(article.section) ?? 0) + 1);
  return counts;
}

/** A feed's identity: its articles (file and bytes), in order. Same signature, same files. */
function signature(feed: FeedDescriptor): string {
  return feed.articles.map(articleKey).join("\n");
}

export class IncrementalBuilder {
  readonly #outDir: string;
  readonly #storage: Storage;
  readonly #manifestDelayMs: number;
  /** Last good build: site.yaml's sha256, article documents, feeds, files on disk. */
  #siteHash: string | undefined;
  /** Slug → articleKey (file and bytes) of every article document on disk. */
  #docs = new Map<string, string>();
  /** Published articles per section (undefined: none), for describeLatest. */
  #perSection = new Map<string | undefined, number>();
  #feeds: FeedState | undefined;
  /** Feed folder ("" or "sections/<s>/") → signature of its files on disk. */
  #feedSignatures = new Map<string, string>();
  /** Feed path → the parts of its bytes on disk, when known (a new version is compared part by part). */
  #feedParts = new Map<string, SplicedFeed>();
  /** Output paths other than article documents (feeds, section pages, indexes). */
  #feedPaths = new Set<string>();
  #entries = new Map<string, ManifestEntry>();
  /** Entries whose sha256 is computed when the manifest is written (off the rebuild's path). */
  #unhashed = new Map<string, Uint8Array[]>();
  #generation = 0;
  #manifestDirty = false;
  #manifestTimer: NodeJS.Timeout | undefined;
  #dirs = new Set<string>();
  /**
   * Bodies are read again from the files when a rebuild renders them (never kept), and body
   * checks remember their problems only, not the text: the state grows with the number of
   * articles, not with their text.
   */
  readonly #bodyCache = createBodyCheckCache(100_000, 0);
  readonly #loader = new IncrementalLoader({ bodies: "reread", bodyCache: this.#bodyCache });
  readonly #workers: (files: number) => number;
  #site: Site | undefined;
  /** Bodies and per-item feed bytes for the current site.yaml (reset by every full build). */
  #splicer: FeedSplicer | undefined;
  /** The last incremental build finished: its state matches the folder (else the next one rescans). */
  #consistent = false;
  /** Feeds still to be prepared and compared with the core's rendering after a full build. */
  #warmQueue: { dir: string; format: FeedFormat }[] = [];
  #warmTimer: NodeJS.Immediate | undefined;
  #described: DescribedFeeds | undefined;
  /**
   * The section pages, index.jsonld and index.html were found (after the last full build) not to
   * change when articles' bodies do: an edit of bodies only leaves them alone. Undefined: not yet
   * checked.
   */
  #pagesIgnoreBodies: boolean | undefined;

  readonly #onError: (error: unknown) => void;

  constructor(options: {
    outDir: string;
    manifestDelayMs?: number;
    onError?: (error: unknown) => void;
    /** Worker threads for a full build's load, given the files to parse (as `feedpub build`). Default: none. */
    workers?: (files: number) => number;
  }) {
    this.#outDir = options.outDir;
    this.#workers = options.workers ?? (() => 0);
    this.#onError = options.onError ?? (() => {});
    this.#storage = createFsStorage({ root: options.outDir });
    // Serialising 10,000 entries holds the event loop for tens of ms: do it once the edits pause.
    this.#manifestDelayMs = options.manifestDelayMs ?? 1000;
  }

  /**
   * Builds `files` into the output folder: in full the first time and when site.yaml changes,
   * else only what changed. `changes` (see IncrementalLoader.load) saves comparing every file.
   */
  async build(
    files: SourceFile[],
    now: Date,
    started = performance.now(),
    changes?: FileChanges,
  ): Promise<RebuildSummary> {
    const site = files[0]?.path === SITE ? files[0] : files.find((f) => f.path === SITE);
    const siteHash = site ? sha256Hex(site.bytes) : undefined;
    if (siteHash === undefined || siteHash !== this.#siteHash || !this.#splicer)
      return this.#full(files, now, siteHash, started);
    const load = this.#loader.load(files, now, changes);
    const base = loadCounts(load);
    if (!load.ok || !load.site) return { ...base, ...nothingWritten(), ok: false, mode: "incremental" };
    const consistent = this.#consistent;
    this.#consistent = false;
    if (!consistent) {
      this.#feedSignatures.clear();
      this.#feedParts.clear();
    }
    const content: Content = { site: load.site, articles: load.articles };
    const loaded = consistent ? this.#loader.lastChanges : undefined;
    const { changed, removed, goneDocs } = this.#changes(load, loaded);
    const perSection = loaded ? new Map(this.#perSection) : countSections(load.articles);
    if (loaded) {
      for (const article of goneDocs)
        perSection.set(article.section, (perSection.get(article.section) ?? 1) - 1);
      for (const article of loaded.published)
        perSection.set(article.section, (perSection.get(article.section) ?? 0) + 1);
    }

    const previousFeeds = this.#feeds;
    const renderFeeds =
      !consistent ||
      !previousFeeds ||
      removed.some((slug) => previousFeeds.listed.has(slug)) ||
      changed.some((article) => previousFeeds.affects(article));
    const described = renderFeeds ? describeLatest(content, perSection) : undefined;
    const feeds = described ? new FeedState(content, described) : previousFeeds;
    const splicer = this.#splicer;
    // Bodies alone changed (same front matter, same files): feed order and membership are the
    // same, and the pages do not show bodies (checked once per full build, #pagesShowNoBodies).
    const goneByPath = new Map(goneDocs.map((a) => [a.sourcePath, a]));
    const bodiesOnly =
      this.#pagesIgnoreBodies === true &&
      loaded !== undefined &&
      removed.length === 0 &&
      changed.length > 0 &&
      changed.length === goneDocs.length &&
      changed.every((a) => {
        const old = goneByPath.get(a.sourcePath);
        return old !== undefined && withoutBody(old) === withoutBody(a);
      });
    const written: string[] = [];
    const write = (path: string, body: Uint8Array) => {
      if (this.#write(path, [body], sha256Hex(body))) written.push(path);
    };

    // Article documents first (a feed never links to a missing document), as renderSite orders them.
    for (const article of changed) {
      const body: RenderedBody = feeds?.listed.has(article.slug)
        ? splicer.body(article)
        : renderBody(article.body, article.url);
      write(`articles/${article.slug}.jsonld`, encoder.encode(renderNewsArticle(load.site, article, body)));
    }

    const deleted = removed.map((slug) => `articles/${slug}.jsonld`);
    if (described) {
      const outputs = new Set<string>();
      const signatures = new Map<string, string>();
      let anyChanged = false;
      /** Writes the feed's three documents unless its articles are the same; true when they were not. */
      const renderFeed = (feed: FeedDescriptor): boolean => {
        const sig = signature(feed);
        signatures.set(feed.dir, sig);
        for (const format of FEED_FORMATS) outputs.add(`${feed.dir}${format}`);
        outputs.add(`${feed.dir}index.html`);
        if (this.#feedSignatures.get(feed.dir) === sig) return false;
        for (const format of FEED_FORMATS) {
          const path = `${feed.dir}${format}`;
          const parts = splicer.render(feed, format);
          if (this.#writeFeed(path, parts)) written.push(path);
        }
        return true;
      };
      for (const feed of described.sections) {
        if (!renderFeed(feed)) continue;
        anyChanged = true;
        if (!bodiesOnly) write(`${feed.dir}index.html`, encoder.encode(renderSectionPage(load.site, feed)));
      }
      const { root, sections } = described;
      if (renderFeed(root)) anyChanged = true;
      outputs.add("index.jsonld");
      for (const dir of this.#feedSignatures.keys()) if (!signatures.has(dir)) anyChanged = true;
      if (anyChanged && !bodiesOnly) {
        const collection = renderCollection(load.site, root.articles);
        write("index.jsonld", encoder.encode(collection));
        write("index.html", encoder.encode(renderLandingPage(load.site, root, sections, collection)));
      }
      for (const path of this.#feedPaths) if (!outputs.has(path)) deleted.push(path);
      this.#feedPaths = outputs;
      this.#feedSignatures = signatures;
      this.#described = described;
      const keys = new Set<string>();
      for (const feed of [...sections, root])
        for (const article of feed.articles) keys.add(articleKey(article));
      splicer.retain(keys);
    }
    for (const path of deleted) {
      this.#markDirty();
      await this.#storage.delete(path);
      this.#entries.delete(path);
      this.#unhashed.delete(path);
      this.#feedParts.delete(path);
      this.#dirs.clear(); // the driver removes folders left empty
    }
    for (const slug of removed) this.#docs.delete(slug);
    for (const article of changed) this.#docs.set(article.slug, articleKey(article));
    this.#perSection = perSection;
    this.#feeds = feeds;
    this.#consistent = true;
    if (written.length + deleted.length > 0) this.#scheduleManifest();
    let feedCount = 0;
    for (const path of this.#feedPaths) if (isFeedPath(path)) feedCount++;
    return {
      ...base,
      ok: true,
      mode: "incremental",
      feeds: feedCount,
      outputs: this.#entries.size,
      written,
      deleted: deleted.sort(),
      unchanged: this.#entries.size - written.length,
      ms: Math.round(performance.now() - started),
    };
  }

  /**
   * Published articles whose document must be rendered (new, or another file or other bytes than
   * the one on disk), slugs whose document must go, and the articles whose documents were on disk
   * and are replaced or gone. From the loader's changes when it has them and the last build
   * finished; else by comparing every article.
   */
  #changes(
    load: LoadResult,
    changes: LoadChanges | undefined,
  ): { changed: Article[]; removed: string[]; goneDocs: Article[] } {
    const changed: Article[] = [];
    const removed: string[] = [];
    const goneDocs: Article[] = [];
    if (changes) {
      const published = new Set<string>();
      for (const article of changes.published) {
        published.add(article.slug);
        if (this.#docs.get(article.slug) !== articleKey(article)) changed.push(article);
      }
      for (const article of changes.gone) {
        if (this.#docs.get(article.slug) !== articleKey(article)) continue; // was not published
        goneDocs.push(article);
        if (!published.has(article.slug)) removed.push(article.slug);
      }
      return { changed, removed, goneDocs };
    }
    let matched = 0;
    for (const article of load.articles) {
      const key = this.#docs.get(article.slug);
      if (key !== undefined) matched++;
      if (key !== articleKey(article)) changed.push(article);
    }
    if (matched < this.#docs.size) {
      const live = new Set(load.articles.map((a) => a.slug));
      for (const slug of this.#docs.keys()) if (!live.has(slug)) removed.push(slug);
    }
    return { changed, removed, goneDocs };
  }

  /** Writes the exact manifest now if incremental writes made the stored one stale. */
  async flush(): Promise<void> {
    clearTimeout(this.#manifestTimer);
    this.#manifestTimer = undefined;
    if (!this.#manifestDirty) return;
    this.#hashPending();
    this.#generation++;
    writeManifestFile(join(this.#outDir, ...MANIFEST_PATH.split("/")), {
      generation: this.#generation,
      files: this.#entries,
    });
    this.#manifestDirty = false;
  }

  /** Stops preparing feeds in the background and writes the manifest if it is stale. */
  async close(): Promise<void> {
    this.#stopWarming();
    await this.flush();
  }

  /**
   * A build as `feedpub build` makes it (streaming load: each article's JSON-LD rendered from the
   * loader's own parse and spooled, no body kept), whose load the loader then takes as its own.
   */
  async #full(
    files: SourceFile[],
    now: Date,
    siteHash: string | undefined,
    started: number,
  ): Promise<RebuildSummary> {
    this.#stopWarming();
    this.#consistent = false;
    await this.flush();
    const spool = createFileSpool();
    let summary: BuildSummary;
    let completed: { files: Readonly<Record<string, ManifestEntry>>; generation: number } | undefined;
    try {
      const { load, render } = loadForPublish(files, {
        now,
        spool,
        rereadBodies: true,
        bodyCache: this.#bodyCache,
        workers: this.#workers,
      });
      this.#loader.adopt(files, load);
      summary = await publishLoaded(
        load,
        this.#outDir,
        {
          ...(render.prerendered ? { prerendered: render.prerendered } : {}),
          // As `feedpub build`: the load's garbage collected before the writes (large sites only).
          afterLoad: collectIfLarge,
          // The manifest as committed, taken as it is (not read back from the folder and parsed).
          onComplete: (files, generation) => {
            completed = { files, generation };
          },
        },
        started,
      );
    } finally {
      spool.close();
    }
    if (!summary.ok || !summary.load.site) return { ...summary, mode: "full" };
    if (!completed) throw new Error("feedpub preview: the full build did not complete its manifest");
    const site = summary.load.site;
    const content: Content = { site, articles: summary.load.articles };
    const described = describeFeeds(content);
    this.#entries = new Map();
    for (const path in completed.files) this.#entries.set(path, completed.files[path] as ManifestEntry);
    this.#unhashed.clear();
    this.#generation = completed.generation;
    this.#siteHash = siteHash;
    this.#docs = new Map(summary.load.articles.map((a) => [a.slug, articleKey(a)]));
    this.#perSection = countSections(summary.load.articles);
    this.#feeds = new FeedState(content, described);
    this.#feedPaths = new Set([...this.#entries.keys()].filter((path) => !path.startsWith("articles/")));
    this.#feedSignatures = new Map(
      [...described.sections, described.root].map((feed) => [feed.dir, signature(feed)]),
    );
    this.#feedParts.clear();
    this.#described = described;
    // Rebuilds compose the outputs themselves: only while the full build wrote what they would.
    this.#site = site;
    this.#pagesIgnoreBodies = undefined;
    this.#splicer = sameOutputs(this.#entries, summary.load.articles, described)
      ? new FeedSplicer(site)
      : undefined;
    this.#consistent = true;
    this.#startWarming();
    return { ...summary, mode: "full" };
  }

  /**
   * After a full build, prepares every feed's per-item bytes in the background, one feed and
   * format per turn of the event loop: compares the spliced feed with the core's rendering
   * (FeedSplicer.verify) and, when it matches the file on disk, keeps its parts. The first edit of
   * a listed article then costs what later ones do.
   */
  #startWarming(): void {
    const described = this.#described;
    if (!described) return;
    this.#warmQueue = [...described.sections, described.root].flatMap((feed) =>
      FEED_FORMATS.map((format) => ({ dir: feed.dir, format })),
    );
    const step = () => {
      this.#warmTimer = undefined;
      const splicer = this.#splicer;
      if (!splicer) return;
      if (this.#pagesIgnoreBodies === undefined) {
        try {
          this.#pagesIgnoreBodies = this.#pagesShowNoBodies();
        } catch (error) {
          this.#pagesIgnoreBodies = false;
          this.#warmFailed(error);
        }
        this.#warmTimer = setImmediate(step);
        return;
      }
      const next = this.#warmQueue.shift();
      if (!next) return;
      // The feed as it is now (an edit may have changed it since the full build).
      const current = this.#described;
      const feed = current && [...current.sections, current.root].find((f) => f.dir === next.dir);
      const path = `${next.dir}${next.format}`;
      try {
        if (feed && splicer.verify(feed, [next.format]).length === 0 && !this.#feedParts.has(path)) {
          const parts = splicer.render(feed, next.format);
          const entry = this.#entries.get(path);
          if (entry && !this.#unhashed.has(path) && entry.sha256 === hashParts(partsOf(parts)))
            this.#feedParts.set(path, parts);
        }
      } catch (error) {
        this.#warmFailed(error);
      }
      this.#warmTimer = setImmediate(step);
    };
    this.#warmTimer = setImmediate(step);
  }

  /**
   * Whether the section pages, index.jsonld and index.html of the current feeds come out the same
   * when every listed article's body is blanked (they list headlines, dates and summaries).
   */
  #pagesShowNoBodies(): boolean {
    const site = this.#site;
    const described = this.#described;
    if (!site || !described) return false;
    const blank = (feed: FeedDescriptor): FeedDescriptor => ({
      ...feed,
      articles: feed.articles.map((a) => ({ ...a, body: "", bodyLine: 1, sourceHash: "" })),
    });
    const { sections, root } = described;
    for (const feed of sections)
      if (renderSectionPage(site, feed) !== renderSectionPage(site, blank(feed))) return false;
    const blankRoot = blank(root);
    const collection = renderCollection(site, root.articles);
    const blankCollection = renderCollection(site, blankRoot.articles);
    return (
      collection === blankCollection &&
      renderLandingPage(site, root, sections, collection) ===
        renderLandingPage(site, blankRoot, sections.map(blank), blankCollection)
    );
  }

  /**
   * A file read again while warming up is no longer the version loaded (saved again or deleted
   * since): not a failure — its event comes and rebuilds; that feed is simply not prepared.
   */
  #warmFailed(error: unknown): void {
    if (!(error instanceof ContentChangedError)) this.#onError(error);
  }

  #stopWarming(): void {
    if (this.#warmTimer) clearImmediate(this.#warmTimer);
    this.#warmTimer = undefined;
    this.#warmQueue = [];
  }

  /**
   * A feed document: unchanged when its parts equal those on disk; otherwise written, its sha256
   * left for the manifest (when the parts on disk are not known, the digest decides, now).
   */
  #writeFeed(path: string, parts: SplicedFeed): boolean {
    const known = this.#feedParts.get(path);
    if (known && sameFeed(known, parts)) return false;
    const buffers = partsOf(parts);
    const written = this.#write(path, buffers, known ? undefined : hashParts(buffers));
    this.#feedParts.set(path, parts);
    return written;
  }

  /**
   * Writes one output (its bytes in parts) unless the same digest and headers are on disk; true
   * when written. Without a digest it is written and hashed when the manifest is.
   */
  #write(path: string, body: Uint8Array[], digest: string | undefined): boolean {
    let size = 0;
    for (const part of body) size += part.byteLength;
    const entry: ManifestEntry = {
      sha256: digest ?? "",
      size,
      contentType: contentTypeFor(path),
      cacheControl: cacheControlFor(path),
    };
    const old = this.#entries.get(path);
    if (
      digest !== undefined &&
      old &&
      !this.#unhashed.has(path) &&
      old.sha256 === entry.sha256 &&
      old.contentType === entry.contentType &&
      old.cacheControl === entry.cacheControl
    ) {
      return false;
    }
    this.#markDirty();
    const full = join(this.#outDir, ...path.split("/"));
    const dir = dirname(full);
    if (!this.#dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.#dirs.add(dir);
    }
    const temp = join(dir, `.feedpub-tmp-${randomBytes(6).toString("hex")}`);
    try {
      if (body.length === 1) writeFileSync(temp, body[0] as Uint8Array);
      else {
        const fd = openSync(temp, "w");
        try {
          writeAll(fd, body);
        } finally {
          closeSync(fd);
        }
      }
      renameSync(temp, full);
    } catch (error) {
      rmSync(temp, { force: true });
      this.#dirs.delete(dir);
      this.#feedParts.delete(path);
      throw error;
    }
    this.#entries.set(path, entry);
    if (digest === undefined) this.#unhashed.set(path, body);
    else this.#unhashed.delete(path);
    return true;
  }

  #hashPending(): void {
    for (const [path, body] of this.#unhashed) {
      const entry = this.#entries.get(path);
      if (entry) entry.sha256 = hashParts(body);
    }
    this.#unhashed.clear();
  }

  /** Before the first write after a flush, remove the manifest: it no longer describes the folder. */
  #markDirty(): void {
    if (this.#manifestDirty) return;
    rmSync(join(this.#outDir, ...MANIFEST_PATH.split("/")), { force: true });
    this.#manifestDirty = true;
  }

  #scheduleManifest(): void {
    clearTimeout(this.#manifestTimer);
    this.#manifestTimer = setTimeout(() => void this.flush().catch(this.#onError), this.#manifestDelayMs);
    this.#manifestTimer.unref();
  }
}

const textEncoder = new TextEncoder();

/** The bytes of a spliced feed, in order. */
function partsOf(feed: SplicedFeed): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (feed.head) out.push(textEncoder.encode(feed.head));
  out.push(...feed.items);
  if (feed.tail) out.push(textEncoder.encode(feed.tail));
  return out;
}

function hashParts(parts: readonly Uint8Array[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/** writev until every byte is written (a short write continues where it stopped). */
function writeAll(fd: number, parts: Uint8Array[]): void {
  let pending = parts;
  while (pending.length > 0) {
    let n = writevSync(fd, pending);
    let i = 0;
    while (i < pending.length && n >= (pending[i] as Uint8Array).byteLength) {
      n -= (pending[i] as Uint8Array).byteLength;
      i++;
    }
    pending = pending.slice(i);
    if (n > 0 && pending[0]) pending = [pending[0].subarray(n), ...pending.slice(1)];
  }
}
