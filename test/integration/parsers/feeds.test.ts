/**
 * Our feeds read back by parsers no one here wrote: rss-parser and feedparser (RSS and Atom),
 * fast-xml-parser's validator (well-formedness), the JSON Feed 1.1 spec's required fields, and
 * jsonld (expansion with an offline context). The same items, titles, instants and ids must come
 * out of every format.
 */
import { XMLValidator } from "fast-xml-parser";
import Parser from "rss-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { renderSite } from "../../../functions/core/render/index.js";
import { buildSampleContent, buildSite } from "../../helpers/articles.js";
import { expandJsonLd, filesByPath, node, parseWithFeedparser, schemaType, values } from "./read-back.js";

const content = buildSampleContent();
const files = filesByPath(renderSite(content));
const FEED_DIRS = ["", "sections/world/", "sections/business/"];

function file(path: string): string {
  const text = files.get(path);
  if (text === undefined) throw new Error(`no output ${path}; have ${[...files.keys()].join(", ")}`);
  return text;
}

/** What every format must agree on, per item, in feed order. */
interface Facts {
  id: string;
  title: string;
  published: number;
}

function expectedFacts(dir: string): Facts[] {
  const section = dir.startsWith("sections/") ? dir.split("/")[1] : undefined;
  return content.articles
    .filter((a) => !section || a.section === section)
    .map((a) => ({ id: a.id, title: a.title, published: a.publishedMs }));
}

describe("output layout", () => {
  it("has every feed, view and document, nothing else", () => {
    const expected = [
      ...content.articles.map((a) => `articles/${a.slug}.jsonld`),
      ...FEED_DIRS.flatMap((d) => [`${d}feed.xml`, `${d}atom.xml`, `${d}feed.json`, `${d}index.html`]),
      "index.jsonld",
    ];
    expect([...files.keys()].sort()).toEqual(expected.sort());
  });
});

describe.each(FEED_DIRS)("feeds in '%s'", (dir) => {
  const facts = expectedFacts(dir);

  it("RSS and Atom are well-formed XML", () => {
    expect(XMLValidator.validate(file(`${dir}feed.xml`))).toBe(true);
    expect(XMLValidator.validate(file(`${dir}atom.xml`))).toBe(true);
  });

  it("rss-parser reads the same items, ids and instants from RSS and Atom", async () => {
    const parser = new Parser();
    for (const name of ["feed.xml", "atom.xml"]) {
      const feed = await parser.parseString(file(`${dir}${name}`));
      expect(
        feed.items.map((i) => ({
          id: i.guid ?? i.id,
          title: i.title,
          published: Date.parse(i.isoDate ?? ""),
        })),
      ).toEqual(facts);
    }
  });

  it("feedparser reads the same items from RSS and Atom, with self links and language", async () => {
    for (const name of ["feed.xml", "atom.xml"]) {
      const { meta, items } = await parseWithFeedparser(file(`${dir}${name}`));
      // feedparser strips anything tag-like from titles, even Atom type="text" ones (its normalisation).
      const stripped = facts.map((f) => ({ ...f, title: f.title.replace(/<[^>]*>/g, "") }));
      expect(items.map((i) => ({ id: i.guid, title: i.title, published: i.pubdate?.getTime() }))).toEqual(
        stripped,
      );
      expect(meta.language).toBe("en");
      expect(meta.xmlurl).toBe(`${content.site.baseUrl}${dir}${name}`);
    }
  });

  it("JSON Feed 1.1: required fields, types and the same items", () => {
    const feed = JSON.parse(file(`${dir}feed.json`));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(typeof feed.title).toBe("string");
    expect(feed.feed_url).toBe(`${content.site.baseUrl}${dir}feed.json`);
    expect(feed.home_page_url).toBe(content.site.publisher.url);
    expect(feed.language).toBe("en");
    expect(feed.author).toBeUndefined(); // 1.0's field; 1.1 uses authors
    expect(Array.isArray(feed.authors)).toBe(true);
    expect(Array.isArray(feed.items)).toBe(true);
    for (const item of feed.items) {
      expect(typeof item.id).toBe("string");
      expect(typeof item.content_html).toBe("string");
      expect(Number.isNaN(Date.parse(item.date_published))).toBe(false);
      if (item.authors !== undefined) {
        expect(Array.isArray(item.authors)).toBe(true);
        for (const a of item.authors) expect(typeof a.name).toBe("string");
      }
      if (item.tags !== undefined) for (const t of item.tags) expect(typeof t).toBe("string");
    }
    expect(
      feed.items.map((i: { id: string; title: string; date_published: string }) => ({
        id: i.id,
        title: i.title,
        published: Date.parse(i.date_published),
      })),
    ).toEqual(facts);
  });
});

describe("item details", () => {
  const strike = content.articles.find((a) => a.slug === "port-strike-ends");
  if (!strike) throw new Error("fixture missing");

  it("RSS: dates keep the dateline's offset, guid is not a permalink, authors are dc:creator", async () => {
    const parser = new Parser({ customFields: { item: [["dc:creator", "creators", { keepArray: true }]] } });
    const feed = await parser.parseString(file("feed.xml"));
    const item = feed.items[0] as Parser.Item & { creators?: string[] };
    expect(item.pubDate).toBe("Fri, 27 Nov 2026 09:30:00 +0900");
    expect(feed.lastBuildDate).toBe("Fri, 27 Nov 2026 14:05:00 +0900");
    expect(item.creators).toEqual(["Aiko Tanaka"]);
    expect(item.categories).toEqual([
      { _: "business", $: { domain: "https://feeds.harborwire.example/sections/" } },
      "labour",
      "shipping",
    ]);
    expect(item.enclosure).toEqual({ url: strike.image?.url, length: "123456", type: "image/jpeg" });
    expect(file("feed.xml")).not.toMatch(/<author>/);
    expect(file("feed.xml")).toMatch(
      /<guid isPermaLink="false">tag:harborwire\.example,2026-11-27:articles\/port-strike-ends<\/guid>/,
    );
  });

  it("Atom: RFC 3339 as written, text titles, categories with term", async () => {
    const { meta, items } = await parseWithFeedparser(file("atom.xml"));
    expect(meta.date?.toISOString()).toBe("2026-11-27T05:05:00.000Z");
    expect(items[0]?.categories).toEqual(["business", "labour", "shipping"]);
    expect(items[0]?.enclosures[0]).toMatchObject({ url: strike.image?.url, type: "image/jpeg" });
    const atom = file("atom.xml");
    expect(atom).toContain("<published>2026-11-27T09:30:00+09:00</published>");
    expect(atom).toContain("<updated>2026-11-27T14:05:00+09:00</updated>");
    expect(atom).not.toMatch(/<category(?![^>]*term=)/);
    expect(atom).not.toMatch(/<title type="html"/);
  });

  it("escapes markup and ]]> in titles so parsers get the text back exactly", async () => {
    const lisbon = content.articles.find((a) => a.slug === "lisbon-ferry");
    for (const name of ["feed.xml", "atom.xml"]) {
      const feed = await new Parser().parseString(file(name));
      expect(feed.items.map((i) => i.title)).toContain(lisbon?.title);
    }
    const json = JSON.parse(file("feed.json"));
    expect(json.items.map((i: { title: string }) => i.title)).toContain(lisbon?.title);
  });

  it("full sanitised HTML content with absolute links", async () => {
    const feed = await new Parser().parseString(file("feed.xml"));
    expect(feed.items[0]?.["content:encoded"]).toContain(
      '<a href="https://harborwire.example/business/terms.html">',
    );
  });

  it("WebSub hub links appear in all three formats when configured", async () => {
    const site = buildSite({ websubHub: "https://hub.example/" });
    const out = filesByPath(renderSite(buildSampleContent(site)));
    expect(out.get("feed.xml")).toContain('<atom:link href="https://hub.example/" rel="hub"/>');
    expect(out.get("atom.xml")).toContain('<link rel="hub" href="https://hub.example/"/>');
    expect(JSON.parse(out.get("feed.json") ?? "{}").hubs).toEqual([
      { type: "WebSub", url: "https://hub.example/" },
    ]);
  });
});

describe("JSON-LD expanded by jsonld (offline context)", () => {
  let index: Record<string, unknown>[];
  beforeAll(async () => {
    index = await expandJsonLd(JSON.parse(file("index.jsonld")));
  });

  it("each article is a NewsArticle with the same id, headline and instants as the feeds", async () => {
    for (const article of content.articles) {
      const [doc] = await expandJsonLd(JSON.parse(file(`articles/${article.slug}.jsonld`)));
      expect(doc?.["@id"]).toBe(article.id);
      expect(doc?.["@type"]).toEqual([schemaType("NewsArticle")]);
      expect(values(doc, "headline")).toEqual([article.title]);
      expect(values(doc, "identifier")).toEqual([article.id]);
      expect(Date.parse(String(values(doc, "datePublished")[0]))).toBe(article.publishedMs);
      expect(values(doc, "datePublished")).toEqual([article.published]);
      expect(values(doc, "dateModified")).toEqual([article.modified]);
      expect(values(doc, "inLanguage")).toEqual([article.language]);
      expect(values(doc, "url")).toEqual([article.url]);
      const page = node(values(doc, "mainEntityOfPage")[0]);
      expect(page["@id"]).toBe(article.url);
      const authors = values(doc, "author").map((a) => values(node(a), "name")[0]);
      expect(authors).toEqual(article.authors.map((a) => a.name));
      const publisher = node(values(doc, "publisher")[0]);
      expect(values(publisher, "name")).toEqual(["Harbor Wire Ltd"]);
      const logo = node(values(publisher, "logo")[0]);
      expect(values(logo, "url")).toEqual(["https://harborwire.example/logo.png"]);
      expect(Number(values(doc, "wordCount")[0])).toBeGreaterThan(0);
    }
  });

  it("syndicated stories carry isBasedOn, sourceOrganization, editor, dateline and image", async () => {
    const [doc] = await expandJsonLd(JSON.parse(file("articles/port-strike-ends.jsonld")));
    expect(values(doc, "isBasedOn")).toEqual(["https://baycourier.example/s/1"]);
    expect(values(node(values(doc, "sourceOrganization")[0]), "name")).toEqual(["Bay Courier"]);
    expect(values(node(values(doc, "editor")[0]), "name")).toEqual(["Lena Ortiz"]);
    expect(values(doc, "dateline")).toEqual(["YOKOHAMA"]);
    expect(values(doc, "keywords")).toEqual(["labour", "shipping"]);
    expect(values(doc, "articleSection")).toEqual(["Business"]);
    expect(values(node(values(doc, "image")[0]), "url")).toEqual([
      "https://cdn.harborwire.example/img/cranes.jpg",
    ]);
  });

  it("index.jsonld has the Organization, the WebSite and the latest items in feed order", () => {
    const types = index.map((n) => (n["@type"] as string[])[0]);
    expect(types).toEqual([schemaType("Organization"), schemaType("WebSite"), schemaType("ItemList")]);
    const list = index[2];
    const elements = values(list, "itemListElement").map(node);
    expect(elements.map((e) => values(e, "position")[0])).toEqual(content.articles.map((_, i) => i + 1));
    expect(elements.map((e) => values(e, "item")[0])).toEqual(content.articles.map((a) => a.id));
    expect(elements.map((e) => values(e, "name")[0])).toEqual(content.articles.map((a) => a.title));
    const website = index[1];
    expect(values(website, "publisher")).toEqual([index[0]?.["@id"]]);
  });
});
