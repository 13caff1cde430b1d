/**
 * renderSite: Content → every output file, as a stream. Order: per-article JSON-LD, then each
 * section's feeds and view, then the root feeds, index.jsonld and index.html.
 *
 * Each article body is parsed once. Bodies of articles that appear in some feed are kept until
 * the feeds are written (at most itemsPerFeed × (sections + 1)); the rest are dropped as soon as
 * their JSON-LD is out, so memory does not grow with the archive.
 */
import { renderBody } from "../markdown.js";
import { cacheControlFor, contentTypeFor } from "../media-types.js";
import type { Article, Content, OutputFile, RenderedBody, Site } from "../model.js";
import { renderAtom } from "./atom.js";
import { describeFeeds, type FeedDescriptor, type FeedItem } from "./feeds.js";
import { renderLandingPage, renderSectionPage } from "./index-html.js";
import { renderJsonFeed } from "./json-feed.js";
import { renderCollection, renderNewsArticle } from "./json-ld.js";
import { renderRss } from "./rss.js";

const encoder = new TextEncoder();

function output(path: string, text: string): OutputFile {
  return {
    path,
    body: encoder.encode(text),
    contentType: contentTypeFor(path),
    cacheControl: cacheControlFor(path),
  };
}

function bodyOf(article: Article): RenderedBody {
  const { html, text, wordCount } = renderBody(article.body, article.url);
  return { html, text, wordCount };
}

function* feedFiles(
  site: Site,
  feed: FeedDescriptor,
  bodies: Map<string, RenderedBody>,
): Generator<OutputFile> {
  const items: FeedItem[] = feed.articles.map((article) => ({
    article,
    body: bodies.get(article.id) ?? bodyOf(article),
  }));
  yield output(`${feed.dir}feed.xml`, renderRss(site, feed, items));
  yield output(`${feed.dir}atom.xml`, renderAtom(site, feed, items));
  yield output(`${feed.dir}feed.json`, renderJsonFeed(site, feed, items));
}

export function* renderSite(content: Content): Generator<OutputFile> {
  const { site, articles } = content;
  const { sections, root } = describeFeeds(content);
  const inFeeds = new Set<string>();
  for (const feed of [...sections, root]) for (const article of feed.articles) inFeeds.add(article.id);

  const bodies = new Map<string, RenderedBody>();
  for (const article of articles) {
    // renderBody's html is lazy: JSON-LD reads only the text, so articles outside every feed are
    // parsed but never rendered to HTML.
    const body = renderBody(article.body, article.url);
    if (inFeeds.has(article.id))
      bodies.set(article.id, { html: body.html, text: body.text, wordCount: body.wordCount });
    yield output(`articles/${article.slug}.jsonld`, renderNewsArticle(site, article, body));
  }

  for (const feed of sections) {
    yield* feedFiles(site, feed, bodies);
    yield output(`${feed.dir}index.html`, renderSectionPage(site, feed));
  }

  yield* feedFiles(site, root, bodies);
  const collection = renderCollection(site, root.articles);
  yield output("index.jsonld", collection);
  yield output("index.html", renderLandingPage(site, root, sections, collection));
}

export { renderBody };
