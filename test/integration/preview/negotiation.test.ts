import { describe, expect, it } from "vitest";
import { BROWSER_NAVIGATION, FEED_READER, request } from "./http.js";
import { SITE_FILES, servePreviewFixture } from "./site-fixture.js";

const fixture = servePreviewFixture();

describe("preview server: feed human view", () => {
  it.each(["/feed.xml", "/atom.xml", "/feed.json"])(
    "a browser opening %s gets the landing page",
    async (path) => {
      const res = await request(fixture.server.port, path, { headers: BROWSER_NAVIGATION });
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.body.toString()).toBe(SITE_FILES["index.html"]);
      expect(res.headers.vary).toMatch(/Accept, Sec-Fetch-Mode, Sec-Fetch-Dest/);
    },
  );

  it("a browser opening a section feed gets that section's page", async () => {
    const res = await request(fixture.server.port, "/sections/world/feed.xml", {
      headers: BROWSER_NAVIGATION,
    });
    expect(res.body.toString()).toBe(SITE_FILES["sections/world/index.html"]);
  });

  it.each(["/feed.xml", "/atom.xml", "/feed.json", "/sections/world/feed.xml"])(
    "a feed reader fetching %s gets the feed, with the same Vary",
    async (path) => {
      const res = await request(fixture.server.port, path, { headers: FEED_READER });
      expect(res.body.toString()).toBe(SITE_FILES[path.slice(1)]);
      expect(res.headers["content-type"]).not.toMatch(/text\/html/);
      expect(res.headers.vary).toMatch(/Accept, Sec-Fetch-Mode, Sec-Fetch-Dest/);
    },
  );

  it("a script's fetch (no navigation) and a browser asking for RSS get the feed", async () => {
    const script = await request(fixture.server.port, "/feed.xml", {
      headers: { accept: "text/html", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
    });
    expect(script.body.toString()).toBe(SITE_FILES["feed.xml"]);
    const rssAware = await request(fixture.server.port, "/feed.xml", {
      headers: { ...BROWSER_NAVIGATION, accept: "text/html, application/rss+xml" },
    });
    expect(rssAware.body.toString()).toBe(SITE_FILES["feed.xml"]);
  });

  it("does not rewrite JSON-LD for browsers", async () => {
    const res = await request(fixture.server.port, "/index.jsonld", { headers: BROWSER_NAVIGATION });
    expect(res.headers["content-type"]).toBe("application/ld+json; charset=utf-8");
  });
});
