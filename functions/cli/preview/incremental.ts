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
import { type BuildSummary, isFeedPath, publishLoaded } from "../commands/build.js";
import { IncrementalLoader } from "./incremental-load.js";

export interface RebuildSummary extends BuildSummary {
  /** "full" went through publishSite; "incremental" rendered only what the edit affects. */
  mode: "full" | "incremental";
}

const SITE = "site.yaml";
const docPath = (article: Article) => `articles/${article.slug}.jsonld`;
const sha256 = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");

/** What the feeds depend on: which articles each lists, and their versions. */
function feedSignature(content: Content): { signature: string; listed: Set<string> } {
  const { sections, root } = describeFeeds(content);
  const listed = new Set<string>();
  const parts: string[] = [];
  for (const feed of [...sections, root]) {
    parts.push(feed.dir);
    for (const article of feed.articles) {
      listed.add(article.id);
      parts.push(`${article.id}\u0000${article.sourceHash}`);
    }
  }
  return { signature: parts.join("\u0001"), listed };
}

export class IncrementalBuilder {
  readonly #outDir: string;
  readonly #storage: Storage;
  readonly #manifestDelayMs: number;
  /** Last good build: site.yaml bytes, article documents (path → sourceHash), feed signature, files on disk. */
  #siteBytes: Uint8Array | undefined;
  #docs = new Map<string, string>();
  #feeds = "";
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
    const base = {
      load,
      articles: load.articles.length,
      drafts: load.drafts.length,
      scheduled: load.scheduled.length,
      ...(load.nextScheduledAt ? { nextScheduledAt: load.nextScheduledAt } : {}),
    };
    if (!load.ok || !load.site) {
      const none = { feeds: 0, outputs: 0, written: [], deleted: [], unchanged: 0, ms: 0 };
      return { ...base, ...none, ok: false, mode: "incremental" };
    }
    const content: Content = { site: load.site, articles: load.articles };
    const docs = new Map<string, string>();
    const changed = new Set<string>();
    for (const article of load.articles) {
      const path = docPath(article);
      docs.set(path, article.sourceHash);
      if (this.#docs.get(path) !== article.sourceHash) changed.add(article.id);
    }
    const feeds = feedSignature(content);
    const renderFeeds = feeds.signature !== this.#feeds;
    const subset = load.articles.filter((a) => changed.has(a.id) || (renderFeeds && feeds.listed.has(a.id)));

    const written: string[] = [];
    const outputs = new Set<string>();
    const generator = renderSite({ site: load.site, articles: subset });
    for (const file of generator) {
      if (!renderFeeds && !file.path.startsWith("articles/")) break;
      outputs.add(file.path);
      if (this.#write(file)) written.push(file.path);
    }
    generator.return(undefined);

    const deleted: string[] = [];
    for (const path of this.#entries.keys()) {
      const gone = path.startsWith("articles/") ? !docs.has(path) : renderFeeds && !outputs.has(path);
      if (gone) deleted.push(path);
    }
    for (const path of deleted) {
      this.#markDirty();
      await this.#storage.delete(path);
      this.#entries.delete(path);
      this.#dirs.clear(); // the driver removes folders left empty
    }
    this.#docs = docs;
    this.#feeds = feeds.signature;
    if (written.length + deleted.length > 0) this.#scheduleManifest();
    let feedCount = 0;
    for (const path of this.#entries.keys()) if (isFeedPath(path)) feedCount++;
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
    this.#docs = new Map(summary.load.articles.map((a) => [docPath(a), a.sourceHash]));
    this.#feeds = feedSignature({ site: summary.load.site, articles: summary.load.articles }).signature;
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
