/**
 * Incremental rebuilds for `feedpub preview --watch`: after one full build (publishSite), a
 * rebuild renders only what an edit can change — the per-article documents of new or edited
 * articles, plus the feeds and indexes when the articles they list changed — and writes only the
 * files whose bytes differ. The output is byte-for-byte what `feedpub build` writes (tested).
 *
 * Why it is equivalent: an article's JSON-LD depends only on the site and that article
 * (its sourceHash); feeds, section pages, index.jsonld and index.html depend only on the site and
 * the articles `describeFeeds` lists (renderSite's contract). So rendering those articles alone
 * gives the same feed bytes. A change to site.yaml rebuilds everything through publishSite.
 *
 * The publish manifest (C's format) is kept in memory and written back off the hot path: the
 * stale one is deleted before the first incremental write (so a crash leaves no manifest that
 * lies, and the next build simply rewrites everything) and the exact one is written shortly after
 * the last rebuild and on close.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { MANIFEST_PATH } from "../../core/media-types.js";
import type { Article, Content, LoadResult, OutputFile, SourceFile } from "../../core/model.js";
import { type ManifestEntry, parseManifest, serializeManifest } from "../../core/publish/index.js";
import { describeFeeds } from "../../core/render/feeds.js";
import { renderSite } from "../../core/render/index.js";
import { createFsStorage, type Storage } from "../../storage/index.js";
import {
  type BuildSummary,
  isFeedPath,
  loadCounts,
  nothingWritten,
  publishLoaded,
} from "../commands/build.js";
import { IncrementalLoader } from "./incremental-load.js";

export interface RebuildSummary extends BuildSummary {
  /** "full" went through publishSite; "incremental" rendered only what the edit affects. */
  mode: "full" | "incremental";
}

const SITE = "site.yaml";
const sha256 = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");

const newestFirst = (a: Article, b: Article) =>
  b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What the feeds list now: enough to tell whether an edited article can change any feed. */
class FeedState {
  /** Slugs of every article some feed lists. */
  readonly listed = new Set<string>();
  readonly #limit: number;
  readonly #root: { count: number; last?: Article };
  readonly #sections = new Map<string, { count: number; last?: Article }>();

  constructor(content: Content) {
    const { sections, root } = describeFeeds(content);
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

export class IncrementalBuilder {
  readonly #outDir: string;
  readonly #storage: Storage;
  readonly #manifestDelayMs: number;
  /** Last good build: site.yaml bytes, article documents (path → sourceHash), feed signature, files on disk. */
  #siteBytes: Uint8Array | undefined;
  /** Slug → sourceHash of every article document on disk. */
  #docs = new Map<string, string>();
  #feeds: FeedState | undefined;
  /** Output paths other than article documents (feeds, section pages, indexes). */
  #feedPaths = new Set<string>();
  #entries = new Map<string, ManifestEntry>();
  #generation = 0;
  #manifestDirty = false;
  #manifestTimer: NodeJS.Timeout | undefined;
  #dirs = new Set<string>();
  readonly #loader = new IncrementalLoader();

  readonly #onError: (error: unknown) => void;

  constructor(options: { outDir: string; manifestDelayMs?: number; onError?: (error: unknown) => void }) {
    this.#outDir = options.outDir;
    this.#onError = options.onError ?? (() => {});
    this.#storage = createFsStorage({ root: options.outDir });
    this.#manifestDelayMs = options.manifestDelayMs ?? 300;
  }

  async build(files: SourceFile[], now: Date, started = performance.now()): Promise<RebuildSummary> {
    const load = this.#loader.load(files, now);
    const site = files.find((f) => f.path === SITE);
    const siteSame = site && this.#siteBytes && Buffer.compare(site.bytes, this.#siteBytes) === 0;
    if (!siteSame) return this.#full(load, files, started);
    const base = loadCounts(load);
    if (!load.ok || !load.site) return { ...base, ...nothingWritten(), ok: false, mode: "incremental" };
    const content: Content = { site: load.site, articles: load.articles };
    const changed: Article[] = [];
    let matched = 0;
    for (const article of load.articles) {
      const hash = this.#docs.get(article.slug);
      if (hash !== undefined) matched++;
      if (hash !== article.sourceHash) changed.push(article);
    }
    const removed: string[] = [];
    if (matched < this.#docs.size) {
      const live = new Set(load.articles.map((a) => a.slug));
      for (const slug of this.#docs.keys()) if (!live.has(slug)) removed.push(slug);
    }
    const previousFeeds = this.#feeds;
    const renderFeeds =
      !previousFeeds ||
      removed.some((slug) => previousFeeds.listed.has(slug)) ||
      changed.some((article) => previousFeeds.affects(article));
    const feeds = renderFeeds ? new FeedState(content) : previousFeeds;
    const wanted = new Set(changed);
    const subset = renderFeeds
      ? load.articles.filter((a) => wanted.has(a) || feeds.listed.has(a.slug))
      : changed;

    const written: string[] = [];
    const outputs = new Set<string>();
    for (const file of renderSite({ site: load.site, articles: subset })) {
      const isDoc = file.path.startsWith("articles/");
      if (!renderFeeds && !isDoc) break; // documents come first; the feeds are unaffected
      if (!isDoc) outputs.add(file.path);
      if (this.#write(file)) written.push(file.path);
    }

    const deleted = removed.map((slug) => `articles/${slug}.jsonld`);
    if (renderFeeds) for (const path of this.#feedPaths) if (!outputs.has(path)) deleted.push(path);
    for (const path of deleted) {
      this.#markDirty();
      await this.#storage.delete(path);
      this.#entries.delete(path);
      this.#dirs.clear(); // the driver removes folders left empty
    }
    for (const slug of removed) this.#docs.delete(slug);
    for (const article of changed) this.#docs.set(article.slug, article.sourceHash);
    if (renderFeeds) this.#feedPaths = outputs;
    this.#feeds = feeds;
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

  /** Writes the exact manifest now if incremental writes made the stored one stale. */
  async flush(): Promise<void> {
    clearTimeout(this.#manifestTimer);
    this.#manifestTimer = undefined;
    if (!this.#manifestDirty) return;
    this.#generation++;
    const files = Object.fromEntries([...this.#entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const body = serializeManifest({
      version: 1,
      generation: this.#generation,
      state: "complete",
      files,
      pending: [],
    });
    await this.#storage.put(MANIFEST_PATH, body, {
      contentType: "application/json; charset=utf-8",
      cacheControl: "no-store",
    });
    this.#manifestDirty = false;
  }

  async #full(load: LoadResult, files: SourceFile[], started: number): Promise<RebuildSummary> {
    await this.flush();
    const summary = await publishLoaded(load, this.#outDir, {}, started);
    if (!summary.ok || !summary.load.site) return { ...summary, mode: "full" };
    const stored = await this.#storage.get(MANIFEST_PATH);
    if (!stored) throw new Error(`feedpub preview: ${MANIFEST_PATH} missing after a full build`);
    const manifest = parseManifest(stored.body);
    this.#entries = new Map(Object.entries(manifest.files));
    this.#generation = manifest.generation;
    this.#siteBytes = files.find((f) => f.path === SITE)?.bytes;
    this.#docs = new Map(summary.load.articles.map((a) => [a.slug, a.sourceHash]));
    this.#feeds = new FeedState({ site: summary.load.site, articles: summary.load.articles });
    this.#feedPaths = new Set([...this.#entries.keys()].filter((path) => !path.startsWith("articles/")));
    return { ...summary, mode: "full" };
  }

  /** Writes one output if its bytes or headers differ from what is on disk; true when written. */
  #write(file: OutputFile): boolean {
    const entry: ManifestEntry = {
      sha256: sha256(file.body),
      size: file.body.byteLength,
      contentType: file.contentType,
      cacheControl: file.cacheControl,
    };
    const old = this.#entries.get(file.path);
    if (
      old &&
      old.sha256 === entry.sha256 &&
      old.contentType === entry.contentType &&
      old.cacheControl === entry.cacheControl
    ) {
      return false;
    }
    this.#markDirty();
    const full = join(this.#outDir, ...file.path.split("/"));
    const dir = dirname(full);
    if (!this.#dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.#dirs.add(dir);
    }
    const temp = join(dir, `.feedpub-tmp-${randomBytes(6).toString("hex")}`);
    try {
      writeFileSync(temp, file.body);
      renameSync(temp, full);
    } catch (error) {
      rmSync(temp, { force: true });
      this.#dirs.delete(dir);
      throw error;
    }
    this.#entries.set(file.path, entry);
    return true;
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
