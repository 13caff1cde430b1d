// CloudFront Function (runtime cloudfront-js-2.0), viewer request. Runs before the cache lookup,
// so the cache key is the rewritten URI. Keep in step with functions/core/negotiate.ts
// (htmlViewFor): test/infra/viewer-request.test.ts runs both over the same cases.
//  1. The publish manifest (.feedpub/) is never served: 404.
//  2. CORS preflight (OPTIONS) is answered here: S3 has no CORS configuration, by design.
//  3. A folder URL ("/sections/world/") serves its index.html; without its slash
//     ("/sections/world": no file name extension) it is redirected there, as the preview server does.
//  4. A browser navigation to a feed (Sec-Fetch-Mode: navigate, Sec-Fetch-Dest: document, Accept
//     with text/html and no feed type) gets the folder's index.html, the human view.

const FEED_FILE = /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/;
const FEED_TYPES = /application\/(rss\+xml|atom\+xml|feed\+json)/i;
const MANIFEST_DIR = /(^|\/)\.feedpub(\/|$)/;

function headerValue(headers, name) {
  const header = headers[name];
  return header ? header.value : undefined;
}

function htmlView(path, headers) {
  const clean = path.replace(/^\/+/, "");
  const match = FEED_FILE.exec(clean);
  if (!match) return undefined;
  if ((headerValue(headers, "sec-fetch-mode") || "").toLowerCase() !== "navigate") return undefined;
  if ((headerValue(headers, "sec-fetch-dest") || "").toLowerCase() !== "document") return undefined;
  const accept = headerValue(headers, "accept") || "";
  if (!/text\/html/i.test(accept) || FEED_TYPES.test(accept)) return undefined;
  const dir = clean.slice(0, match.index + match[1].length);
  return `${dir}index.html`;
}

function decodedPath(uri) {
  try {
    return decodeURIComponent(uri);
  } catch (_error) {
    return undefined;
  }
}

function notFound() {
  return {
    statusCode: 404,
    statusDescription: "Not Found",
    headers: {
      "cache-control": { value: "no-store" },
      "content-type": { value: "text/plain; charset=utf-8" },
    },
  };
}

function preflight(requestHeaders) {
  const requested = headerValue(requestHeaders, "access-control-request-headers");
  const headers = {
    "access-control-allow-origin": { value: "*" },
    "access-control-allow-methods": { value: "GET, HEAD, OPTIONS" },
    "access-control-max-age": { value: "86400" },
    "cache-control": { value: "public, max-age=86400" },
  };
  if (requested) headers["access-control-allow-headers"] = { value: requested };
  return { statusCode: 204, statusDescription: "No Content", headers: headers };
}

// Every file feedpub publishes has an extension, so a last segment without one names a folder.
// The query string is dropped (feeds take none); leading slashes are collapsed, so "//host" can
// never become a redirect to another site.
function folderRedirect(uri) {
  const last = uri.slice(uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") !== -1) return undefined;
  return {
    statusCode: 301,
    statusDescription: "Moved Permanently",
    headers: {
      location: { value: `/${uri.replace(/^\/+/, "")}/` },
      "cache-control": { value: "public, max-age=3600" },
    },
  };
}

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the top-level `handler`.
function handler(event) {
  const request = event.request;
  const path = decodedPath(request.uri);
  if (path === undefined) {
    return {
      statusCode: 400,
      statusDescription: "Bad Request",
      headers: { "cache-control": { value: "no-store" } },
    };
  }
  if (MANIFEST_DIR.test(path)) return notFound();
  if (request.method === "OPTIONS") return preflight(request.headers);
  if (request.uri.endsWith("/")) {
    request.uri = `${request.uri}index.html`;
    return request;
  }
  const redirect = folderRedirect(request.uri);
  if (redirect !== undefined) return redirect;
  const view = htmlView(request.uri, request.headers);
  if (view !== undefined) request.uri = `/${view}`;
  return request;
}
