/**
 * The core's data model. Front-matter and site shapes come from the JSON Schemas (generated
 * types); this file only adds what loading computes (resolved ids, URLs, defaults).
 * The core is pure: no node:fs, no AWS SDK, no process.env, no clock (callers pass `now`).
 */
import type { ArticleFrontMatter, Person, SiteConfig } from "./schema-types.generated.js";

export type { ArticleFrontMatter, Person, SiteConfig };

/** A content file as read by a shell (local folder, S3, memory). `path` is POSIX, relative to the content root. */
export interface SourceFile {
  path: string;
  /**
   * The file's bytes. A shell may read them from disk on each access into a reused buffer (the
   * CLI does): the core uses them at once (hash, decode) and never keeps them.
   */
  bytes: Uint8Array;
  /**
   * Identifies the bytes without reading them (the CLI: size, mtime, ctime and inode), for the
   * article cache (LoadOptions.articleCache). Absent when the shell cannot vouch for it (e.g. a
   * file changed in the last seconds): the file is then always read.
   */
  stamp?: string;
}

/** The site config with schema defaults applied. */
export type Site = SiteConfig & { itemsPerFeed: number };

export type ArticleImage = NonNullable<ArticleFrontMatter["image"]> & {
  /** Media type, from front matter or the URL's extension. */
  type: string;
};

/** One article, loaded and validated. The body stays Markdown; render it with `renderBody` when needed. */
export interface Article {
  /** Path of the source file relative to the content root, e.g. `articles/2026/quake.md`. */
  sourcePath: string;
  /** Permanent id: front matter `id`, else `tag:<tagAuthority>,<published date>:<path without .md>`. */
  id: string;
  slug: string;
  title: string;
  /** Canonical URL: front matter `canonical`, else the site's `articleUrl` template filled in. */
  url: string;
  /** RFC 3339 with the dateline's UTC offset, exactly as written. */
  published: string;
  publishedMs: number;
  updated?: string;
  updatedMs?: number;
  /** `updated ?? published`. */
  modified: string;
  modifiedMs: number;
  /** Front-matter authors, else the site's default author, else none. */
  authors: Person[];
  editor?: Person;
  dateline?: string;
  source?: ArticleFrontMatter["source"];
  section?: string;
  tags: string[];
  summary?: string;
  image?: ArticleImage;
  /** Front-matter language, else the site's. */
  language: string;
  draft: boolean;
  /** Markdown body (after the front matter). */
  body: string;
  /** 1-based line of the body's first line in the source file (for diagnostics). */
  bodyLine: number;
  /** sha256 (hex) of the source bytes: lets renderers cache per-article outputs. */
  sourceHash: string;
}

/** Body rendered from Markdown: sanitised HTML with absolute URLs, plain text and its word count. */
export interface RenderedBody {
  html: string;
  text: string;
  wordCount: number;
}

/** Everything the renderers need: publishable articles only, newest first (ties broken by id). */
export interface Content {
  site: Site;
  articles: Article[];
}

export type Severity = "error" | "warning";

/** One problem found in the content, positioned for an editor (and for CI annotations). */
export interface Diagnostic {
  severity: Severity;
  /** Path relative to the content root, e.g. `articles/quake.md` or `site.yaml`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted field path, e.g. `authors[0].url`; absent for file-level problems. */
  field?: string;
  /** Stable machine code, e.g. `schema.required`, `duplicate-slug`, `yaml.syntax`. */
  code: string;
  message: string;
}

/** Result of loading and validating a content tree. */
export interface LoadResult {
  /** Present when site.yaml is valid. */
  site?: Site;
  /** Publishable now: not drafts, published <= now. Newest first. */
  articles: Article[];
  /** Valid but published in the future. Earliest first. */
  scheduled: Article[];
  drafts: Article[];
  diagnostics: Diagnostic[];
  /** True when no diagnostic has severity "error". Nothing may be published otherwise. */
  ok: boolean;
  /** `published` of the earliest scheduled article, if any (for the scheduler). */
  nextScheduledAt?: string;
}

/** One rendered output object. `path` has no leading slash: `feed.xml`, `articles/quake.jsonld`. */
export interface OutputFile {
  path: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
  /**
   * SHA-256 (hex) and byte length of `body`, when the renderer knows them without the bytes
   * (render cache). The publishing engine then compares them with its manifest and reads `body`
   * (which may be computed on demand) only for the files it writes. Optional.
   */
  sha256?: string;
  size?: number;
  /**
   * Called by the publishing engine once the file is written: the body it was given will not be
   * used again, so its memory may be reused (spooled documents read back into recycled buffers).
   */
  release?(): void;
}
