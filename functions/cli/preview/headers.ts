/**
 * Response headers the CDN adds (see infra/'s response headers policy), reproduced locally.
 * HSTS is deliberately omitted: the preview is plain http on localhost, and an HSTS header
 * there would be ignored by browsers at best and pin localhost to https at worst.
 */
import { isCorsPath } from "../../core/media-types.js";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
};

export const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

/** CORS headers for simple responses on feeds and JSON-LD (values as in infra/'s response headers policy); none elsewhere. */
export function corsHeaders(path: string): Record<string, string> {
  if (!isCorsPath(path)) return {};
  return {
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "ETag, Last-Modified, Content-Length",
  };
}

/** Headers of a CORS preflight answer (OPTIONS) on feeds and JSON-LD. */
export function preflightHeaders(path: string): Record<string, string> {
  if (!isCorsPath(path)) return {};
  return {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": ALLOWED_METHODS,
    "access-control-allow-headers": "*",
    "access-control-max-age": "86400",
  };
}

const FEED_FILE = /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/;

/** Feed paths answer differently to browsers and feed readers (negotiate.ts), so caches must vary on it. */
export function isNegotiatedPath(path: string): boolean {
  return FEED_FILE.test(path);
}
