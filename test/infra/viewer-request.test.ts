/**
 * The CloudFront Function's code, evaluated in a Node VM as CloudFront would run it, against the
 * core's htmlViewFor: same cases, same answers; plus its own rules (manifest, folders, preflight).
 */
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { htmlViewFor } from "../../functions/core/negotiate.js";
import { VIEWER_REQUEST_SOURCE } from "../../infra/constructs/feed-view-function.js";

interface CfRequest {
  method: string;
  uri: string;
  headers: Record<string, { value: string }>;
  querystring: Record<string, unknown>;
}
interface CfResponse {
  statusCode: number;
  headers?: Record<string, { value: string }>;
}
type Handler = (event: { request: CfRequest }) => CfRequest | CfResponse;

const source = readFileSync(VIEWER_REQUEST_SOURCE, "utf8");
const handler = runInNewContext(`${source}\nhandler;`, {}) as Handler;

function run(uri: string, headers: Record<string, string> = {}, method = "GET") {
  const request: CfRequest = {
    method,
    uri,
    querystring: {},
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), { value: v }])),
  };
  return handler({ request: structuredClone(request) });
}

const BROWSER = {
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
};
const HTML_FIRST = { ...BROWSER, accept: "text/html,application/xhtml+xml,image/avif,image/webp,*/*;q=0.8" };

/** What the core says the URI should become (undefined: unchanged). */
function expected(uri: string, headers: Record<string, string>): string {
  const lookup = (name: string) => headers[name.toLowerCase()];
  const view = htmlViewFor(uri, lookup);
  return view === undefined ? uri : `/${view}`;
}

describe("viewer-request function: feed human view (same rule as functions/core/negotiate.ts)", () => {
  const cases: [string, string, Record<string, string>][] = [
    ["browser opens the RSS feed", "/feed.xml", HTML_FIRST],
    ["browser opens a section's Atom feed", "/sections/world/atom.xml", BROWSER],
    ["browser opens the JSON feed", "/feed.json", HTML_FIRST],
    ["feed reader (no fetch metadata)", "/feed.xml", { accept: "application/rss+xml, */*" }],
    [
      "feed reader asking for html and rss",
      "/feed.xml",
      { ...BROWSER, accept: "text/html, application/rss+xml" },
    ],
    [
      "fetch() from a page",
      "/feed.json",
      { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", accept: "*/*" },
    ],
    [
      "iframe",
      "/atom.xml",
      { "sec-fetch-mode": "navigate", "sec-fetch-dest": "iframe", accept: "text/html" },
    ],
    // Real browsers list application/xml;q=0.9: still a browser (only feed media types mean a feed reader).
    ["browser Accept with application/xml", "/feed.xml", { ...BROWSER }],
    ["not a feed", "/index.jsonld", HTML_FIRST],
    ["article document", "/articles/quake.jsonld", HTML_FIRST],
    ["look-alike name", "/myfeed.xml", HTML_FIRST],
    [
      "upper-case headers values",
      "/feed.xml",
      { "sec-fetch-mode": "NAVIGATE", "sec-fetch-dest": "Document", accept: "TEXT/HTML" },
    ],
  ];
  for (const [name, uri, headers] of cases) {
    it(name, () => {
      const out = run(uri, headers) as CfRequest;
      expect(out.uri).toBe(expected(uri, headers));
    });
  }

  it("a browser gets the folder's index.html for each feed file", () => {
    expect((run("/feed.xml", HTML_FIRST) as CfRequest).uri).toBe("/index.html");
    expect((run("/sections/world/feed.json", HTML_FIRST) as CfRequest).uri).toBe(
      "/sections/world/index.html",
    );
    expect((run("/feed.xml", { accept: "application/rss+xml" }) as CfRequest).uri).toBe("/feed.xml");
  });

  it("agrees with htmlViewFor on arbitrary paths and headers", () => {
    const segment = fc.constantFrom(
      "sections",
      "world",
      "feed.xml",
      "atom.xml",
      "feed.json",
      "index.html",
      "a-b",
      "x.jsonld",
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join("/")}`);
    const value = fc.constantFrom(
      undefined,
      "navigate",
      "NAVIGATE",
      "cors",
      "document",
      "empty",
      "text/html",
      "text/html,application/xml;q=0.9",
      "application/atom+xml",
      "application/feed+json, text/html",
      "*/*",
    );
    fc.assert(
      fc.property(path, value, value, value, (uri, mode, dest, accept) => {
        const headers: Record<string, string> = {};
        if (mode !== undefined) headers["sec-fetch-mode"] = mode;
        if (dest !== undefined) headers["sec-fetch-dest"] = dest;
        if (accept !== undefined) headers.accept = accept;
        const out = run(uri, headers);
        // A folder without its slash is redirected (its own rule); everything else is negotiated.
        if (!(uri.split("/").pop() ?? "").includes(".")) expect((out as CfResponse).statusCode).toBe(301);
        else expect((out as CfRequest).uri).toBe(expected(uri, headers));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("viewer-request function: its own rules", () => {
  it("never serves the publish manifest, however the path is spelled", () => {
    for (const uri of [
      "/.feedpub/manifest.json",
      "/.feedpub/",
      "/.feedpub",
      "/%2Efeedpub/manifest.json",
      "/%2efeedpub%2fmanifest.json",
      "/x/.feedpub/manifest.json",
    ]) {
      const out = run(uri) as CfResponse;
      expect(out.statusCode, uri).toBe(404);
      expect(out.headers?.["cache-control"]?.value).toBe("no-store");
    }
  });

  it("answers 400 to a URI that is not valid percent-encoding", () => {
    expect((run("/feed%zz.xml") as CfResponse).statusCode).toBe(400);
  });

  it("serves a folder's index.html", () => {
    expect((run("/sections/world/") as CfRequest).uri).toBe("/sections/world/index.html");
    expect((run("/") as CfRequest).uri).toBe("/index.html");
  });

  it("redirects a folder without its slash to the folder, like the preview server, and never off-site", () => {
    const location = (uri: string) => {
      const out = run(uri, HTML_FIRST) as CfResponse;
      expect(out.statusCode, uri).toBe(301);
      return out.headers?.location?.value;
    };
    expect(location("/sections/world")).toBe("/sections/world/");
    expect(location("/sections")).toBe("/sections/");
    expect(location("//evil")).toBe("/evil/");
    // Files are never redirected.
    for (const uri of ["/feed.xml", "/sections/world/atom.xml", "/articles/quake.jsonld", "/index.html"]) {
      expect((run(uri) as CfRequest).uri, uri).toBeDefined();
    }
  });

  it("answers CORS preflight itself (S3 has no CORS configuration)", () => {
    const out = run(
      "/feed.json",
      { origin: "https://example.org", "access-control-request-headers": "if-none-match" },
      "OPTIONS",
    ) as CfResponse;
    expect(out.statusCode).toBe(204);
    expect(out.headers).toMatchObject({
      "access-control-allow-origin": { value: "*" },
      "access-control-allow-methods": { value: "GET, HEAD, OPTIONS" },
      "access-control-allow-headers": { value: "if-none-match" },
    });
    expect(out.headers?.["access-control-allow-credentials"]).toBeUndefined();
  });

  it("leaves other requests alone", () => {
    const out = run("/articles/quake.jsonld", { accept: "application/ld+json" }) as CfRequest;
    expect(out.uri).toBe("/articles/quake.jsonld");
    expect(out.method).toBe("GET");
  });

  it("stays within CloudFront Functions' 10 KB code limit and uses no module syntax", () => {
    expect(Buffer.byteLength(source)).toBeLessThan(10 * 1024);
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
  });
});
