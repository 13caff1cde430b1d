import { describe, expect, it } from "vitest";
import { request } from "./http.js";
import { SITE_FILES, servePreviewFixture } from "./site-fixture.js";

const logged: string[] = [];
const fixture = servePreviewFixture({ log: (line) => logged.push(line) });

describe("preview server: content types and caching headers", () => {
  it.each([
    ["/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
    ["/index.jsonld", "application/ld+json; charset=utf-8"],
    ["/articles/harbour-1.jsonld", "application/ld+json; charset=utf-8"],
    ["/index.html", "text/html; charset=utf-8"],
    ["/sections/world/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/sections/world/atom.xml", "application/atom+xml; charset=utf-8"],
  ])("%s is served as %s with its exact bytes", async (path, type) => {
    const res = await request(fixture.server.port, path);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.body.toString("utf8")).toBe(SITE_FILES[path.slice(1)]);
    expect(res.headers["content-length"]).toBe(String(res.body.byteLength));
  });

  it("sends a long Cache-Control on articles and a short one on feeds and indexes", async () => {
    const article = await request(fixture.server.port, "/articles/harbour-1.jsonld");
    const feed = await request(fixture.server.port, "/feed.xml");
    const index = await request(fixture.server.port, "/");
    expect(article.headers["cache-control"]).toMatch(/max-age=3600/);
    expect(feed.headers["cache-control"]).toMatch(/max-age=300/);
    expect(index.headers["cache-control"]).toMatch(/max-age=300/);
  });

  it("sends the CDN's security headers on every response, and no HSTS on http", async () => {
    for (const path of ["/", "/feed.xml", "/missing.xml", "/../x"]) {
      const res = await request(fixture.server.port, path);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(res.headers["strict-transport-security"]).toBeUndefined();
    }
  });

  it("allows cross-origin reads of feeds and JSON-LD only", async () => {
    for (const path of [
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/index.jsonld",
      "/articles/harbour-1.jsonld",
    ]) {
      const res = await request(fixture.server.port, path, { headers: { origin: "https://other.example" } });
      expect(res.headers["access-control-allow-origin"], path).toBe("*");
      expect(res.headers["access-control-expose-headers"], path).toBe("ETag, Last-Modified, Content-Length");
    }
    const html = await request(fixture.server.port, "/index.html", {
      headers: { origin: "https://other.example" },
    });
    expect(html.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers a CORS preflight on JSON-LD with 204 and the allowed methods and headers", async () => {
    const res = await request(fixture.server.port, "/articles/harbour-1.jsonld", {
      method: "OPTIONS",
      headers: {
        origin: "https://other.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match",
      },
    });
    expect(res.status).toBe(204);
    expect(res.body.byteLength).toBe(0);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["access-control-allow-methods"]).toMatch(/GET/);
    expect(res.headers["access-control-allow-headers"]).toBe("*");
    expect(res.headers["access-control-max-age"]).toBe("86400");
    const html = await request(fixture.server.port, "/", { method: "OPTIONS" });
    expect(html.status).toBe(204);
    expect(html.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers HEAD with GET's headers and no body", async () => {
    const get = await request(fixture.server.port, "/feed.json");
    const head = await request(fixture.server.port, "/feed.json", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    for (const name of ["content-type", "content-length", "etag", "last-modified", "cache-control"]) {
      expect(head.headers[name], name).toBe(get.headers[name]);
    }
  });

  it("refuses other methods with 405 and an Allow header", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await request(fixture.server.port, "/feed.xml", { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe("GET, HEAD, OPTIONS");
    }
  });

  it("serves index.html for the root and for a folder, and redirects a folder without its slash", async () => {
    const root = await request(fixture.server.port, "/");
    expect(root.body.toString()).toBe(SITE_FILES["index.html"]);
    const section = await request(fixture.server.port, "/sections/world/");
    expect(section.status).toBe(200);
    expect(section.body.toString()).toBe(SITE_FILES["sections/world/index.html"]);
    const bare = await request(fixture.server.port, "/sections/world?x=1");
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe("/sections/world/?x=1");
  });

  it("answers 404 with a body that says what to try", async () => {
    const res = await request(fixture.server.port, "/sections/sport/feed.xml");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    const text = res.body.toString();
    expect(text).toContain("/sections/sport/feed.xml");
    expect(text).toContain("/feed.xml");
  });

  it("logs one line per request with method, path, status and time", async () => {
    await request(fixture.server.port, "/atom.xml?probe=1");
    expect(logged.some((line) => /^GET \/atom\.xml\?probe=1 200 \d+(\.\d+)?ms$/.test(line))).toBe(true);
  });
});
