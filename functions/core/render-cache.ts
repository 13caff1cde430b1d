/**
 * A render cache that a shell may keep between runs (the CLI stores it under
 * node_modules/.cache/feedpub/). It remembers, per article:
 *
 *   - body problems, by (source hash, article URL): the loader then skips the Markdown parse of an
 *     unchanged body (problems depend on nothing else);
 *   - the SHA-256 and size of its JSON-LD document, by (source hash, path, URL), valid only for the
 *     same site config and the same feedpub code (`code`): the renderer then hands the
 *     publishing engine that digest with a lazy body, and renders the document only if the engine
 *     actually writes it (it compares digests with its manifest first);
 *   - the HTML of feed items' bodies, by (source hash, article URL), for the same code: a feed
 *     rendered again (one of its items changed) then parses only the Markdown of changed items.
 *
 * Plain text is kept in memory only, never stored: the stored cache stays small (about 150 bytes
 * per article). In memory, a text is handed to the renderer once and then forgotten (a run renders
 * each article's JSON-LD once), so texts do not pile up while the outputs are being rendered; and
 * at most TEXT_BUDGET characters are held at once (beyond that the renderer parses the body again).
 * Only what the current run used is saved, so it never grows beyond the content. Pure: the shell
 * reads and writes the snapshot.
 */
import { createHash } from "node:crypto";
import type { ArticleCache, CachedArticle } from "./load/article-cache.js";
import type { BodyCheckCache, BodyFacts } from "./load/body-check.js";
import type { BodyProblem } from "./markdown.js";
import type { Article, Site } from "./model.js";

/** What identifies an output without its bytes. */
export interface DocumentDigest {
  sha256: string;
  size: number;
}

export interface DocumentCache {
  get(key: string): DocumentDigest | undefined;
  set(key: string, digest: DocumentDigest): void;
  /**
   * The HTML of feed items' bodies, by bodyKey(source hash, URL) (it depends on nothing else, for
   * the same code): a feed that must be rendered again then parses only its new items' Markdown.
   */
  html?: HtmlCache;
}

export interface HtmlCache {
  get(key: string): string | undefined;
  set(key: string, html: string): void;
}

/** The document cache key of an article (its JSON-LD depends on these, the site and the code). */
export function documentKey(article: Article): string {
  return `${article.sourceHash} ${article.sourcePath} ${article.url}`;
}

interface Snapshot {
  version: 1;
  /** The shell's code version: nothing stored under another one is trusted. */
  code: string;
  /** Hash of the site config the documents were rendered with. */
  site: string;
  bodies: Record<string, BodyProblem[]>;
  documents: Record<string, [sha256: string, size: number]>;
  /** Loaded articles by content path (load/article-cache.ts), valid for `site` like documents. */
  articles?: Record<string, [stamp: string, entry: CachedArticle]>;
  /** Feed items' body HTML by body key (valid for any site config: it depends on the body and URL only). */
  html?: Record<string, string>;
}

export interface RenderCache {
  /** For loadContent and renderSite: problems from the store, plain text of this run in memory. */
  bodies: BodyCheckCache;
  /** For renderSite: JSON-LD digests, valid for `site` (empty when the site config changed). */
  documentsFor(site: Site): DocumentCache;
  /** For loadContent: loaded articles by file stamp, valid for `site` (empty when the site config changed). */
  articlesFor(site: Site): ArticleCache;
  /** The snapshot to store: what this run used. */
  serialize(): string;
  /**
   * The same text as serialize(), in pieces of about 64 KB: at 50,000 articles the snapshot is
   * ~55 MB, which a shell can write piece by piece instead of holding it (and its bytes) at once.
   */
  serializeChunks(): Generator<string>;
  /**
   * Whether this run learnt anything the stored snapshot lacks (a body parsed, a document or an
   * article not stored, another site config): when false, saving can be skipped (what it would
   * drop, entries of files no longer there, does no harm).
   */
  changed(): boolean;
  /**
   * How many entries this run added or replaced (bodies parsed, documents, articles), how many it
   * used, and whether the stored snapshot was unusable (none, other code, other site config).
   */
  learnt(): { added: number; used: number; fresh: boolean };
  /**
   * Bodies parsed and reused, document digests found and missing, feed items' HTML found and
   * rendered, so far (for reports and tests).
   */
  stats(): {
    bodiesParsed: number;
    bodiesReused: number;
    documentHits: number;
    documentMisses: number;
    htmlHits: number;
    htmlRendered: number;
  };
}

/** Characters of plain text held in memory at most (one-byte strings: about as many bytes). */
const TEXT_BUDGET = 96 * 1024 * 1024;

function siteHash(site: Site): string {
  return createHash("sha256").update(JSON.stringify(site)).digest("hex");
}

function parseSnapshot(stored: string | undefined, code: string): Snapshot | undefined {
  if (!stored) return undefined;
  try {
    const value = JSON.parse(stored) as Partial<Snapshot>;
    if (value.version !== 1 || value.code !== code) return undefined;
    if (typeof value.bodies !== "object" || typeof value.documents !== "object") return undefined;
    if (value.bodies === null || value.documents === null) return undefined;
    return value as Snapshot;
  } catch {
    return undefined;
  }
}

/**
 * Restores a cache from a stored snapshot (or starts empty when there is none, it is damaged, or
 * `code` differs). `code` must change whenever rendering may change: the CLI passes a hash of
 * feedpub's own files.
 */
export function createRenderCache(stored: string | undefined, code: string): RenderCache {
  const snapshot = parseSnapshot(stored, code);
  const storedBodies = snapshot?.bodies ?? {};
  const storedDocuments = snapshot?.documents ?? {};
  const memory = new Map<string, readonly BodyProblem[]>();
  const texts = new Map<string, BodyFacts>();
  let textChars = 0;
  const usedBodies = new Map<string, readonly BodyProblem[]>();
  const usedDocuments = new Map<string, DocumentDigest>();
  const storedArticles = snapshot?.articles ?? {};
  const usedArticles = new Map<string, [string, CachedArticle]>();
  const storedHtml = snapshot?.html && typeof snapshot.html === "object" ? snapshot.html : {};
  const usedHtml = new Map<string, string>();
  const storedSite = snapshot?.site ?? "";
  let currentSite = storedSite;
  /** Whether what is stored was made with this site config; the snapshot is saved for the latest. */
  const validFor = (site: Site) => {
    const hash = siteHash(site);
    if (hash !== currentSite) {
      usedArticles.clear();
      usedDocuments.clear();
    }
    currentSite = hash;
    return hash === storedSite;
  };
  const counts = { bodiesParsed: 0, documentHits: 0, documentMisses: 0, htmlHits: 0, htmlRendered: 0 };
  let added = 0;
  const learnt = () => ({
    added,
    used: usedBodies.size + usedDocuments.size + usedArticles.size + usedHtml.size,
    fresh: snapshot === undefined || currentSite !== storedSite,
  });

  const html: HtmlCache = {
    get(key) {
      const hit = usedHtml.get(key) ?? (Object.hasOwn(storedHtml, key) ? storedHtml[key] : undefined);
      if (typeof hit !== "string") return undefined;
      counts.htmlHits++;
      usedHtml.set(key, hit);
      return hit;
    },
    set(key, text) {
      counts.htmlRendered++;
      if ((Object.hasOwn(storedHtml, key) ? storedHtml[key] : undefined) !== text) added++;
      usedHtml.set(key, text);
    },
  };

  const bodies: BodyCheckCache = {
    get(key) {
      const problems = memory.get(key) ?? (Object.hasOwn(storedBodies, key) ? storedBodies[key] : undefined);
      if (problems) usedBodies.set(key, problems);
      return problems;
    },
    set(key, problems, facts?: BodyFacts) {
      counts.bodiesParsed++;
      added++;
      memory.set(key, problems);
      usedBodies.set(key, problems);
      const old = texts.get(key);
      if (old) textChars -= old.text.length;
      texts.delete(key);
      if (facts && textChars + facts.text.length <= TEXT_BUDGET) {
        texts.set(key, facts);
        textChars += facts.text.length;
      }
    },
    /** Single use: the text is forgotten once taken (a second reader parses the body again). */
    facts(key) {
      const facts = texts.get(key);
      if (facts) textChars -= facts.text.length;
      texts.delete(key);
      return facts;
    },
  };

  return {
    bodies,
    articlesFor(site) {
      const known = validFor(site) ? storedArticles : {};
      return {
        get(path, stamp) {
          const hit = usedArticles.get(path) ?? (Object.hasOwn(known, path) ? known[path] : undefined);
          if (!hit || hit[0] !== stamp) return undefined;
          usedArticles.set(path, hit);
          return hit[1];
        },
        set(path, stamp, entry) {
          added++;
          usedArticles.set(path, [stamp, entry]);
        },
      };
    },
    documentsFor(site) {
      const known = validFor(site) ? storedDocuments : {};
      return {
        html,
        get(key) {
          const hit = usedDocuments.get(key) ?? (Object.hasOwn(known, key) ? known[key] : undefined);
          if (!hit) {
            counts.documentMisses++;
            return undefined;
          }
          counts.documentHits++;
          const digest = Array.isArray(hit) ? { sha256: hit[0], size: hit[1] } : hit;
          usedDocuments.set(key, digest);
          return digest;
        },
        set(key, digest) {
          const stored = Object.hasOwn(known, key) ? known[key] : undefined;
          if (!stored || stored[0] !== digest.sha256 || stored[1] !== digest.size) {
            added++;
          }
          usedDocuments.set(key, digest);
        },
      };
    },
    serialize() {
      return [...this.serializeChunks()].join("");
    },
    *serializeChunks() {
      let chunk = `{"version":1,"code":${JSON.stringify(code)},"site":${JSON.stringify(currentSite)}`;
      function* section<V>(name: string, entries: Iterable<[string, V]>, value: (v: V) => unknown) {
        chunk += `,${JSON.stringify(name)}:{`;
        let first = true;
        for (const [key, v] of entries) {
          chunk += `${first ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(value(v))}`;
          first = false;
          if (chunk.length >= 65_536) {
            yield chunk;
            chunk = "";
          }
        }
        chunk += "}";
      }
      yield* section("bodies", usedBodies, (problems) => problems);
      yield* section("documents", usedDocuments, ({ sha256, size }) => [sha256, size]);
      if (usedArticles.size) yield* section("articles", usedArticles, (entry) => entry);
      if (usedHtml.size) yield* section("html", usedHtml, (text) => text);
      yield `${chunk}}`;
    },
    changed: () => learnt().fresh || added > 0,
    learnt,
    stats: () => ({ ...counts, bodiesReused: usedBodies.size - counts.bodiesParsed }),
  };
}
