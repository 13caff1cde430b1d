/**
 * Content-Type and Cache-Control for every output path: the one table the renderer, the
 * storage drivers, the preview server and the CDN configuration all read.
 */

/** Where the publish manifest lives, beside the outputs. Never listed in feeds. */
export const MANIFEST_PATH = ".feedpub/manifest.json";

/** Feeds and indexes change on every publish: short browser TTL, served stale while revalidating. */
export const CACHE_SHORT = "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400";
/** Per-article documents change rarely: longer TTL. */
export const CACHE_LONG = "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=604800";
export const CACHE_NONE = "no-store";

const BY_NAME: Record<string, string> = {
  "feed.xml": "application/rss+xml; charset=utf-8",
  "atom.xml": "application/atom+xml; charset=utf-8",
  "feed.json": "application/feed+json; charset=utf-8",
};

const BY_EXTENSION: Record<string, string> = {
  jsonld: "application/ld+json; charset=utf-8",
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  xsl: "application/xslt+xml; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Content-Type (with charset for text) for an output path. */
export function contentTypeFor(path: string): string {
  const name = baseName(path);
  const byName = BY_NAME[name];
  if (byName) return byName;
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  return BY_EXTENSION[ext] ?? "application/octet-stream";
}

/** Cache-Control for an output path. */
export function cacheControlFor(path: string): string {
  if (path === MANIFEST_PATH) return CACHE_NONE;
  if (path.startsWith("articles/")) return CACHE_LONG;
  return CACHE_SHORT;
}

/** True for outputs a browser on another origin may fetch (feeds and JSON-LD). */
export function isCorsPath(path: string): boolean {
  const type = contentTypeFor(path);
  return /^application\/(rss\+xml|atom\+xml|feed\+json|ld\+json|json)/.test(type);
}
