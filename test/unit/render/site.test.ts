import { XMLValidator } from "fast-xml-parser";
import Parser from "rss-parser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CACHE_LONG, CACHE_SHORT } from "../../../functions/core/media-types.js";
import type { OutputFile } from "../../../functions/core/model.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { buildArticle, buildContent, buildSampleContent, buildSite } from "../../helpers/articles.js";

const decoder = new TextDecoder();

function render(content = buildSampleContent()): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of renderSite(content)) map.set(file.path, decoder.decode(file.body));
  return map;
}

/** Every id a consumer keys on, per output file. */
async function idsOf(files: Map<string, string>): Promise<Record<string, unknown>> {
  const parser = new Parser();
  const out: Record<string, unknown> = {};
  for (const [path, body] of files) {
    if (path.endsWith(".xml")) {
      const feed = await parser.parseString(body);
      out[path] = feed.items.map((i) => i.guid ?? i.id);
      const feedId = /<feed[^>]*>\s*<id>([^<]*)<\/id>/.exec(body)?.[1];
      if (feedId) out[`${path}#feed`] = feedId;
    } else if (path.endsWith("feed.json")) {
      out[path] = JSON.parse(body).items.map((i: { id: string }) => i.id);
    } else if (path.endsWith(".jsonld")) {
      const doc = JSON.parse(body);
      out[path] = doc["@id"] ?? doc["@graph"].map((n: { "@id": string }) => n["@id"]);
    }
  }
  return out;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("renderSite", () => {
  it("yields per-article documents first, then section feeds and views, then root feeds and indexes", () => {
    const paths = [...renderSite(buildSampleContent())].map((f) => f.path);
    expect(paths).toEqual([
      "articles/port-strike-ends.jsonld",
      "articles/tokyo-typhoon.jsonld",
      "articles/lisbon-ferry.jsonld",
      "articles/harbour-notes.jsonld",
      "sections/business/feed.xml",
      "sections/business/atom.xml",
      "sections/business/feed.json",
      "sections/business/index.html",
      "sections/world/feed.xml",
      "sections/world/atom.xml",
      "sections/world/feed.json",
      "sections/world/index.html",
      "feed.xml",
      "atom.xml",
      "feed.json",
      "index.jsonld",
      "index.html",
    ]);
  });

  it("labels each file with the Content-Type and Cache-Control from media-types", () => {
    const byPath = new Map<string, OutputFile>([...renderSite(buildSampleContent())].map((f) => [f.path, f]));
    expect(byPath.get("feed.xml")).toMatchObject({
      contentType: "application/rss+xml; charset=utf-8",
      cacheControl: CACHE_SHORT,
    });
    expect(byPath.get("atom.xml")?.contentType).toBe("application/atom+xml; charset=utf-8");
    expect(byPath.get("feed.json")?.contentType).toBe("application/feed+json; charset=utf-8");
    expect(byPath.get("index.html")?.contentType).toBe("text/html; charset=utf-8");
    expect(byPath.get("articles/tokyo-typhoon.jsonld")).toMatchObject({
      contentType: "application/ld+json; charset=utf-8",
      cacheControl: CACHE_LONG,
    });
  });

  it("is deterministic: same content, byte-identical output, whatever the clock says", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const first = render();
    vi.setSystemTime(new Date("2041-06-15T12:34:56Z"));
    const second = render();
    expect(second).toEqual(first);
    for (const body of first.values()) {
      expect(body).not.toContain("2030");
      expect(body).not.toContain("2041");
    }
  });

  it("keeps every guid and id when only the base URL changes", async () => {
    const a = render(buildSampleContent(buildSite({ baseUrl: "https://feeds.harborwire.example/" })));
    const b = render(buildSampleContent(buildSite({ baseUrl: "http://cdn.other.example/news/feeds/" })));
    expect(a.get("feed.xml")).not.toBe(b.get("feed.xml"));
    expect(await idsOf(b)).toEqual(await idsOf(a));
  });

  it("lists only the latest itemsPerFeed items, newest first, in every feed", async () => {
    const site = buildSite({ itemsPerFeed: 3 });
    const articles = Array.from({ length: 7 }, (_, i) =>
      buildArticle(
        { slug: `s${i}`, published: `2026-11-${String(10 + i).padStart(2, "0")}T10:00:00+01:00` },
        site,
      ),
    );
    const files = render(buildContent(articles, site));
    const rss = await new Parser().parseString(files.get("feed.xml") ?? "");
    expect(rss.items.map((i) => i.link)).toEqual([
      "https://harborwire.example/world/s6",
      "https://harborwire.example/world/s5",
      "https://harborwire.example/world/s4",
    ]);
    expect(JSON.parse(files.get("sections/world/feed.json") ?? "").items).toHaveLength(3);
    expect(JSON.parse(files.get("index.jsonld") ?? "")["@graph"][2].numberOfItems).toBe(3);
    // ...but every article still gets its JSON-LD document.
    expect([...files.keys()].filter((p) => p.startsWith("articles/"))).toHaveLength(7);
  });

  it("takes the feed-level date from the newest modified item, not the newest published", async () => {
    const site = buildSite();
    const old = buildArticle(
      { published: "2026-11-01T08:00:00-03:00", updated: "2026-11-30T22:15:00-03:00" },
      site,
    );
    const recent = buildArticle({ published: "2026-11-20T08:00:00+00:00" }, site);
    const files = render(buildContent([old, recent], site));
    expect(files.get("feed.xml")).toContain("<lastBuildDate>Mon, 30 Nov 2026 22:15:00 -0300</lastBuildDate>");
    expect(files.get("atom.xml")).toMatch(/<feed[^>]*>[\s\S]*?<updated>2026-11-30T22:15:00-03:00<\/updated>/);
  });

  it("creates section feeds only for sections that have articles", () => {
    const site = buildSite();
    const files = render(buildContent([buildArticle({ section: "business" }, site)], site));
    expect(files.has("sections/business/feed.xml")).toBe(true);
    expect(files.has("sections/world/feed.xml")).toBe(false);
  });

  it("renders valid, empty feeds for a site with no articles yet", async () => {
    const files = render(buildContent([], buildSite()));
    expect([...files.keys()]).toEqual(["feed.xml", "atom.xml", "feed.json", "index.jsonld", "index.html"]);
    expect(XMLValidator.validate(files.get("atom.xml") ?? "")).toBe(true);
    expect((await new Parser().parseString(files.get("feed.xml") ?? "")).items).toEqual([]);
    expect(JSON.parse(files.get("feed.json") ?? "").items).toEqual([]);
  });

  it("uses the image's own length and type for the enclosure, 0 when the size is unknown", () => {
    const site = buildSite();
    const article = buildArticle(
      { image: { url: "https://cdn.example/p.webp", alt: "Pier", type: "image/webp" } },
      site,
    );
    const rss = render(buildContent([article], site)).get("feed.xml") ?? "";
    expect(rss).toContain('<enclosure url="https://cdn.example/p.webp" length="0" type="image/webp"/>');
    expect(rss).toContain(
      '<media:content url="https://cdn.example/p.webp" type="image/webp" medium="image">',
    );
  });

  it("HTML-escapes the text summary in RSS descriptions (readers treat them as HTML), not elsewhere", async () => {
    const site = buildSite();
    const article = buildArticle({ summary: "AT&T says <b> is a tag" }, site);
    const files = render(buildContent([article], site));
    const rss = await new Parser().parseString(files.get("feed.xml") ?? "");
    expect(rss.items[0]?.content).toBe("AT&amp;T says &lt;b&gt; is a tag");
    expect(JSON.parse(files.get("feed.json") ?? "").items[0].summary).toBe("AT&T says <b> is a tag");
    expect(files.get("atom.xml")).toContain(
      '<summary type="text">AT&amp;T says &lt;b&gt; is a tag</summary>',
    );
  });

  it("uses the logo as RSS channel image (size only where RSS allows it) and as JSON Feed icon only if square", async () => {
    const wide = render(buildContent([], buildSite()));
    const channel = await new Parser().parseString(wide.get("feed.xml") ?? "");
    expect(channel.image?.url).toBe(buildSite().publisher.logo?.url);
    expect(wide.get("feed.xml")).not.toContain("<width>");
    expect(JSON.parse(wide.get("feed.json") ?? "").icon).toBeUndefined();
    const logo = { url: "https://harborwire.example/icon.png", width: 128, height: 128 };
    const square = render(
      buildContent([], buildSite({ publisher: { name: "P", url: "https://harborwire.example/", logo } })),
    );
    expect(square.get("feed.xml")).toContain("<width>128</width>");
    expect(JSON.parse(square.get("feed.json") ?? "").icon).toBe(logo.url);
  });

  it("without a summary, feeds carry an excerpt of the text cut at a word boundary", () => {
    const site = buildSite();
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const article = buildArticle({ summary: undefined, body: `## Heading\n\n${words}\n` }, site);
    const summary: string = JSON.parse(render(buildContent([article], site)).get("feed.json") ?? "").items[0]
      .summary;
    expect(summary.startsWith("Heading word0 word1")).toBe(true);
    expect(summary.endsWith("…")).toBe(true);
    expect(summary.length).toBeLessThanOrEqual(281);
    expect(summary.slice(0, -1)).toMatch(/word\d+$/);
  });

  it("marks items in another language than the site's", () => {
    const files = render();
    expect(files.get("atom.xml")).toContain('<entry xml:lang="ja">');
    expect(files.get("feed.xml")).toContain("<dc:language>ja</dc:language>");
    const json = JSON.parse(files.get("feed.json") ?? "");
    expect(json.items.map((i: { language: string }) => i.language)).toEqual(["en", "ja", "en", "en"]);
  });
});

describe("human views", () => {
  it("the landing page autodiscovers every feed in three formats, with readable titles", () => {
    const page = render().get("index.html") ?? "";
    const links = [
      ...page.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">/g),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(links).toEqual([
      ["application/rss+xml", "Harbor Wire", "feed.xml"],
      ["application/atom+xml", "Harbor Wire (Atom)", "atom.xml"],
      ["application/feed+json", "Harbor Wire (JSON Feed)", "feed.json"],
      ["application/rss+xml", "Harbor Wire — Business", "sections/business/feed.xml"],
      ["application/atom+xml", "Harbor Wire — Business (Atom)", "sections/business/atom.xml"],
      ["application/feed+json", "Harbor Wire — Business (JSON Feed)", "sections/business/feed.json"],
      ["application/rss+xml", "Harbor Wire — World", "sections/world/feed.xml"],
      ["application/atom+xml", "Harbor Wire — World (Atom)", "sections/world/atom.xml"],
      ["application/feed+json", "Harbor Wire — World (JSON Feed)", "sections/world/feed.json"],
      ["application/ld+json", "Harbor Wire (JSON-LD)", "index.jsonld"],
    ]);
  });

  it("embeds the collection JSON-LD, identical to index.jsonld", () => {
    const files = render();
    const page = files.get("index.html") ?? "";
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "";
    expect(JSON.parse(script)).toEqual(JSON.parse(files.get("index.jsonld") ?? ""));
  });

  it("escapes headlines and lists the latest items with their dates as written", () => {
    const page = render().get("index.html") ?? "";
    expect(page).toContain("Lisbon ferry &lt;b&gt;delays&lt;/b&gt; &amp; &quot;fixes&quot; ]]&gt; resolved");
    expect(page).not.toContain("<b>delays");
    expect(page).toContain('<time datetime="2026-11-27T09:30:00+09:00">2026-11-27 09:30 +09:00</time>');
    expect(page).toContain(
      '<li lang="ja"><a href="https://harborwire.example/world/tokyo-typhoon">台風10号、東京湾に接近</a>',
    );
  });

  it("shows when an item was updated after publication, and only then", () => {
    const site = buildSite();
    const updated = buildArticle(
      {
        slug: "port-strike-ends",
        published: "2026-11-26T08:00:00-05:00",
        updated: "2026-11-26T13:20:00-05:00",
      },
      site,
    );
    const unchanged = buildArticle({ slug: "quiet-day", published: "2026-11-25T08:00:00Z" }, site);
    const page = render(buildContent([updated, unchanged], site)).get("index.html") ?? "";
    const items = [...page.matchAll(/<li lang="[^"]*">[\s\S]*?<\/li>/g)].map((m) => m[0]);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain(
      '<time datetime="2026-11-26T08:00:00-05:00">2026-11-26 08:00 -05:00</time> <span class="muted">(updated <time datetime="2026-11-26T13:20:00-05:00">2026-11-26 13:20 -05:00</time>)</span>',
    );
    expect(items[1]).not.toContain("updated");
  });

  it("a section view links its own feeds relatively and only lists its items", () => {
    const page = render().get("sections/world/index.html") ?? "";
    expect(page).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Harbor Wire — World" href="feed.xml">',
    );
    expect(page).toContain('<a href="../../">Harbor Wire</a>');
    expect(page).toContain("tokyo-typhoon");
    expect(page).not.toContain("port-strike-ends");
    expect(page).not.toMatch(/<script|https?:\/\/[^"]*\.(css|js)"/);
  });
});
