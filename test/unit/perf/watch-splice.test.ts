/**
 * FeedSplicer (functions/cli/preview/feed-splice.ts): feeds spliced from per-item bytes are the
 * core renderers' documents byte for byte, for every feed of a hostile corpus and for feeds shaped
 * to find the seams (no items, one item, an item with its own language first, an image, a source).
 * The splicer must never need its fallback (rendering whole feeds) for the core's formats.
 */
import { describe, expect, it } from "vitest";
import {
  articleKey,
  FEED_FORMATS,
  FeedSplicer,
  sameFeed,
} from "../../../functions/cli/preview/feed-splice.js";
import { loadContent } from "../../../functions/core/load.js";
import { renderBody } from "../../../functions/core/markdown.js";
import type { Article, Content, SourceFile } from "../../../functions/core/model.js";
import { renderAtom } from "../../../functions/core/render/atom.js";
import { describeFeeds, type FeedDescriptor, newestModified } from "../../../functions/core/render/feeds.js";
import { renderJsonFeed } from "../../../functions/core/render/json-feed.js";
import { renderRss } from "../../../functions/core/render/rss.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const RENDER = { "feed.xml": renderRss, "atom.xml": renderAtom, "feed.json": renderJsonFeed } as const;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function load(files: SourceFile[], siteExtra = ""): Content {
  const withSite = files.map((f) =>
    f.path === "site.yaml" ? { path: f.path, bytes: encoder.encode(decoder.decode(f.bytes) + siteExtra) } : f,
  );
  const result = loadContent(withSite, { now: NOW });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  if (!result.site) throw new Error("no site");
  return { site: result.site, articles: result.articles };
}

/** The core's document for `feed`, every body rendered from scratch. */
function whole(content: Content, feed: FeedDescriptor, format: keyof typeof RENDER): Buffer {
  const items = feed.articles.map((article) => {
    const body = renderBody(article.body, article.url);
    return { article, body: { html: body.html, text: body.text, wordCount: body.wordCount } };
  });
  return Buffer.from(RENDER[format](content.site, feed, items));
}

function expectSpliced(splicer: FeedSplicer, content: Content, feed: FeedDescriptor): void {
  for (const format of FEED_FORMATS) {
    const spliced = splicer.render(feed, format).bytes();
    expect(spliced.equals(whole(content, feed, format)), `${feed.dir}${format}`).toBe(true);
  }
  expect([...splicer.broken]).toEqual([]);
}

const variant = (feed: FeedDescriptor, articles: Article[]): FeedDescriptor => ({
  ...feed,
  articles,
  updated: newestModified(articles),
});

describe("FeedSplicer", () => {
  // A WebSub hub on top of the corpus's logo and copyright: the optional channel fields.
  const content = load(hostileCorpus(300, 21), "websubHub: https://hub.example/\n");
  const feeds = describeFeeds(content);

  it("splices every feed of a hostile corpus to the core's bytes, and verifies them", () => {
    const splicer = new FeedSplicer(content.site);
    for (const feed of [...feeds.sections, feeds.root]) {
      expectSpliced(splicer, content, feed);
      expect(splicer.verify(feed)).toEqual([]);
    }
  });

  it("splices feeds shaped to find the seams", () => {
    const others = content.articles.filter((a) => a.language !== content.site.language);
    const withImage = content.articles.find((a) => a.image);
    const hostile = content.articles.filter((a) => a.sourcePath.includes("hostile"));
    expect(others.length).toBeGreaterThan(0);
    expect(withImage).toBeDefined();
    const shapes: Article[][] = [
      [],
      [content.articles[0] as Article],
      [others[0] as Article],
      [others[0] as Article, ...content.articles.slice(0, 3)],
      [withImage as Article, others[0] as Article],
      hostile,
      [...hostile].reverse(),
    ];
    for (const first of [true, false]) {
      // Cut the first item from a feed whose first article has its own language, and the other way round.
      const splicer = new FeedSplicer(content.site);
      const order = first ? shapes : [...shapes].reverse();
      for (const articles of order) expectSpliced(splicer, content, variant(feeds.root, articles));
      for (const articles of order)
        expectSpliced(splicer, content, variant(feeds.sections[0] as FeedDescriptor, articles));
    }
  });

  it("tells equal documents from different ones by their parts", () => {
    const splicer = new FeedSplicer(content.site);
    const feed = feeds.root;
    for (const format of FEED_FORMATS) {
      const a = splicer.render(feed, format);
      expect(sameFeed(a, splicer.render(feed, format))).toBe(true);
      const fewer = splicer.render(variant(feed, feed.articles.slice(1)), format);
      expect(sameFeed(a, fewer)).toBe(false);
      const swapped = [feed.articles[1], feed.articles[0], ...feed.articles.slice(2)] as Article[];
      expect(sameFeed(a, splicer.render(variant(feed, swapped), format))).toBe(false);
    }
  });

  it("renders an edited article's item again, and drops what no feed lists", () => {
    const files = hostileCorpus(60, 4);
    const before = load(files);
    const splicer = new FeedSplicer(before.site);
    const root = describeFeeds(before).root;
    const first = root.articles[0] as Article;
    for (const format of FEED_FORMATS) splicer.render(root, format);
    const edited = files.map((f) =>
      f.path === first.sourcePath
        ? { path: f.path, bytes: encoder.encode(`${decoder.decode(f.bytes)}\nAn edit ]]> &amp; \u2028.\n`) }
        : f,
    );
    const after = load(edited);
    const rootAfter = describeFeeds(after).root;
    expect(articleKey(rootAfter.articles[0] as Article)).not.toBe(articleKey(first));
    expectSpliced(splicer, after, rootAfter);
    splicer.retain(new Set(rootAfter.articles.map(articleKey)));
    expectSpliced(splicer, after, rootAfter);
  });

  it("renders whole documents for a format it stopped splicing, with the same bytes", () => {
    const splicer = new FeedSplicer(content.site);
    for (const format of FEED_FORMATS) splicer.broken.add(format);
    for (const format of FEED_FORMATS) {
      const feed = feeds.root;
      expect(
        splicer
          .render(feed, format)
          .bytes()
          .equals(whole(content, feed, format)),
      ).toBe(true);
    }
  });
});
