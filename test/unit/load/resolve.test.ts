import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../../functions/core/load.js";
import { article, brief, file, loadArticles, NOW, siteFile } from "./helpers.js";

describe("resolving articles", () => {
  it("defaults slug from the file name, id to a tag: URI and url from the template, in the dateline's offset", () => {
    // 23:30 on 1 April in New York is already 2 April in UTC: every date part must stay local.
    const result = loadArticles({
      "articles/2026/Tide-Tables.md": article(
        "title: Tides\npublished: 2026-04-01T23:30:00-04:00\nsection: science",
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const [a] = result.articles;
    expect(a?.slug).toBe("tide-tables");
    expect(a?.id).toBe("tag:fixture.example,2026-04-01:articles/2026/Tide-Tables");
    expect(a?.url).toBe("https://www.fixture.example/science/2026/04/01/tide-tables");
    expect(a?.published).toBe("2026-04-01T23:30:00-04:00");
    expect(a?.publishedMs).toBe(Date.UTC(2026, 3, 2, 3, 30));
    expect(a?.modified).toBe("2026-04-01T23:30:00-04:00");
  });

  it("keeps front-matter id, slug, canonical, authors and language, and the offsets as written", () => {
    const result = loadArticles({
      "articles/x.md": article(
        [
          "title: Quay",
          "id: urn:uuid:6b1f7d4e-3c1a-4e8b-9a2f-0d5c7e9b1a22",
          "slug: quay-market",
          "canonical: https://elsewhere.example/quay",
          "published: 2026-04-02T05:30:00.250+05:45",
          "updated: 2026-04-02T09:00:00+05:45",
          "section: world",
          "language: pt-BR",
          "authors:\n  - name: Ana Reis\n    url: https://www.fixture.example/ana",
        ].join("\n"),
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const a = result.articles[0];
    expect(a).toMatchObject({
      id: "urn:uuid:6b1f7d4e-3c1a-4e8b-9a2f-0d5c7e9b1a22",
      slug: "quay-market",
      url: "https://elsewhere.example/quay",
      published: "2026-04-02T05:30:00.250+05:45",
      updated: "2026-04-02T09:00:00+05:45",
      modified: "2026-04-02T09:00:00+05:45",
      modifiedMs: Date.UTC(2026, 3, 2, 3, 15),
      language: "pt-BR",
      authors: [{ name: "Ana Reis", url: "https://www.fixture.example/ana" }],
    });
  });

  it("falls back to the site's default author and language", () => {
    const result = loadArticles({
      "articles/a.md": article("title: A\npublished: 2026-01-01T00:00:00Z\nsection: world"),
    });
    expect(result.articles[0]?.authors).toEqual([{ name: "Fixture Desk" }]);
    expect(result.articles[0]?.language).toBe("en-GB");
    expect(result.articles[0]?.tags).toEqual([]);
    expect(result.articles[0]?.draft).toBe(false);
  });

  it("percent-encodes the path in default ids so they stay URIs", () => {
    const result = loadArticles({
      "articles/東京/港.md": article(
        "title: Port\nslug: tokyo-port\npublished: 2026-01-01T09:00:00+09:00\nsection: world",
      ),
    });
    expect(result.articles[0]?.id).toBe(
      "tag:fixture.example,2026-01-01:articles/%E6%9D%B1%E4%BA%AC/%E6%B8%AF",
    );
  });

  it("asks for slug: when the file name cannot be one", () => {
    const result = loadArticles({
      "articles/Harbor Strike!.md": article("title: Strike\npublished: 2026-01-01T00:00:00Z\nsection: world"),
    });
    expect(result.diagnostics.map(brief)).toEqual([
      { severity: "error", line: 1, column: 1, code: "slug.from-file-name", field: "slug" },
    ]);
    expect(result.diagnostics[0]?.message).toContain("add 'slug: harbor-strike'");
  });

  it.each([
    ["https://img.example/a.JPG", "image/jpeg"],
    ["https://img.example/a.jpeg?w=2#x", "image/jpeg"],
    ["https://img.example/a.png", "image/png"],
    ["https://img.example/a.gif", "image/gif"],
    ["https://img.example/a.webp", "image/webp"],
    ["https://img.example/a.avif", "image/avif"],
    ["https://img.example/a.svg", "image/svg+xml"],
  ])("derives the image type of %s", (url, type) => {
    const result = loadArticles({
      "articles/a.md": article(
        `title: A\npublished: 2026-01-01T00:00:00Z\nsection: world\nimage:\n  url: ${url}\n  alt: x\n  width: 1200\n  height: 800`,
      ),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.articles[0]?.image?.type).toBe(type);
  });

  it("takes an explicit image type over the extension", () => {
    const result = loadArticles({
      "articles/a.md": article(
        "title: A\npublished: 2026-01-01T00:00:00Z\nsection: world\nimage:\n  url: https://img.example/render\n  alt: x\n  width: 1200\n  height: 800\n  type: image/png",
      ),
    });
    expect(result.articles[0]?.image?.type).toBe("image/png");
  });

  it("orders articles newest first by instant (not by the written local time), ties by id", () => {
    const result = loadArticles({
      // 10:00+09:00 is 01:00Z: earlier than 05:00Z although its local time is later.
      "articles/tokyo.md": article("title: T\npublished: 2026-05-01T10:00:00+09:00\nsection: world"),
      "articles/london.md": article("title: L\npublished: 2026-05-01T05:00:00Z\nsection: world"),
      "articles/b-same.md": article("title: S\npublished: 2026-05-01T02:00:00+01:00\nsection: world"),
      "articles/a-same.md": article("title: S\npublished: 2026-05-01T01:00:00Z\nsection: world"),
    });
    expect(result.articles.map((a) => a.slug)).toEqual(["london", "a-same", "b-same", "tokyo"]);
  });

  it("sends future articles to scheduled with a warning, earliest first, and reports the next time", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const result = loadArticles(
      {
        "articles/later.md": article("title: Later\npublished: 2026-08-01T09:00:00+02:00\nsection: world"),
        "articles/soon.md": article("title: Soon\npublished: 2026-06-01T09:00:00+08:00\nsection: world"),
        "articles/now.md": article("title: Now\npublished: 2026-06-01T00:00:00Z\nsection: world"),
      },
      now,
    );
    expect(result.ok).toBe(true);
    expect(result.articles.map((a) => a.slug)).toEqual(["now"]);
    expect(result.scheduled.map((a) => a.slug)).toEqual(["soon", "later"]);
    expect(result.nextScheduledAt).toBe("2026-06-01T09:00:00+08:00");
    expect(result.diagnostics.map(brief)).toEqual([
      { severity: "warning", line: 3, column: 1, code: "scheduled", field: "published" },
      { severity: "warning", line: 3, column: 1, code: "scheduled", field: "published" },
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      "scheduled for 2026-08-01T09:00:00+02:00; it will be published then",
    );
  });

  it("validates drafts but never lists them as publishable", () => {
    const result = loadArticles({
      "articles/draft.md": article(
        "title: D\npublished: 2026-01-01T00:00:00Z\nsection: world\ndraft: true",
        "",
      ),
      "articles/bad-draft.md": article("title: D\npublished: 2026-01-01\nsection: world\ndraft: true"),
    });
    expect(result.articles).toEqual([]);
    expect(result.drafts.map((a) => a.slug)).toEqual(["draft"]);
    // An empty body is normal while drafting: a warning, not an error.
    expect(result.diagnostics.map((d) => [d.file, d.severity, d.code])).toEqual([
      ["articles/bad-draft.md", "error", "schema.date-time"],
      ["articles/draft.md", "warning", "body.empty"],
    ]);
  });

  it("hashes the source bytes and records where the body starts", () => {
    const text = article("title: A\npublished: 2026-01-01T00:00:00Z\nsection: world", "First line.\n");
    const result = loadArticles({ "articles/a.md": text });
    const a = result.articles[0];
    expect(a?.sourceHash).toBe(createHash("sha256").update(text).digest("hex"));
    expect(a?.bodyLine).toBe(6);
    expect(a?.body).toBe("\nFirst line.\n");
  });

  it("reports duplicate ids, naming the other file", () => {
    const fields =
      "title: A\nid: tag:fixture.example,2026:same\npublished: 2026-01-01T00:00:00Z\nsection: world";
    const result = loadArticles({ "articles/a.md": article(fields), "articles/b.md": article(fields) });
    expect(result.diagnostics.map((d) => [d.file, d.line, d.code, d.message])).toEqual([
      ["articles/a.md", 3, "duplicate-id", expect.stringContaining("also used by articles/b.md")],
      ["articles/b.md", 3, "duplicate-id", expect.stringContaining("also used by articles/a.md")],
    ]);
  });

  it("positions body problems on the file's line", () => {
    const result = loadArticles({
      "articles/a.md": article(
        "title: A\npublished: 2026-01-01T00:00:00Z\nsection: world",
        "Para.\n\nSee <script>alert(1)</script> and ![x](javascript:evil).\n",
      ),
    });
    expect(result.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [9, "body.html-removed"],
      [9, "body.unsafe-url"],
    ]);
    expect(result.ok).toBe(false);
  });

  it("ignores files that are neither articles nor site.yaml, with a warning", () => {
    const result = loadArticles({ "articles/photo.jpg": new Uint8Array([0xff, 0xd8]) });
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => [d.file, d.severity, d.code])).toEqual([
      ["articles/photo.jpg", "warning", "ignored-file"],
    ]);
  });

  it("warns when a published article's update is dated in the future", () => {
    const result = loadArticles({
      "articles/a.md": article(
        "title: A\npublished: 2026-01-01T00:00:00Z\nupdated: 2027-01-01T00:00:00+01:00\nsection: world",
      ),
    });
    expect(result.ok).toBe(true);
    expect(result.articles).toHaveLength(1);
    expect(result.diagnostics.map(brief)).toEqual([
      { severity: "warning", line: 4, column: 1, code: "updated-in-future", field: "updated" },
    ]);
  });

  it("normalises article URLs the way WHATWG URL does, whatever the template's spelling", () => {
    const site = new TextDecoder()
      .decode(siteFile().bytes)
      .replace(/^articleUrl: .*$/m, "articleUrl: https://WWW.Fixture.Example:443/News/{yyyy}/{slug}");
    const result = loadContent(
      [file("site.yaml", site), file("articles/a.md", article("title: A\npublished: 2026-01-01T00:00:00Z"))],
      { now: NOW },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.articles[0]?.url).toBe("https://www.fixture.example/News/2026/a");
  });
});
