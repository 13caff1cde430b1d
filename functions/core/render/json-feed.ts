/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from a typed object. */
import type { Site } from "../model.js";
import { categoriesOf, type FeedDescriptor, type FeedItem, summaryOf } from "./feeds.js";
import { stringifySafeJson } from "./json.js";

export interface JsonFeedAuthor {
  name: string;
  url?: string;
}

export interface JsonFeedItem {
  id: string;
  url: string;
  external_url?: string;
  title: string;
  content_html: string;
  summary?: string;
  image?: string;
  date_published: string;
  date_modified?: string;
  authors?: JsonFeedAuthor[];
  tags?: string[];
  language: string;
}

export interface JsonFeed {
  version: "https://jsonfeed.org/version/1.1";
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  icon?: string;
  authors: JsonFeedAuthor[];
  language: string;
  hubs?: { type: string; url: string }[];
  items: JsonFeedItem[];
}

function author(p: { name: string; url?: string }): JsonFeedAuthor {
  return p.url ? { name: p.name, url: p.url } : { name: p.name };
}

export function buildJsonFeed(site: Site, feed: FeedDescriptor, items: readonly FeedItem[]): JsonFeed {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: site.publisher.url,
    feed_url: feed.links.json,
    description: feed.description,
    // JSON Feed wants a square icon; a wide masthead logo would be squashed in timelines.
    icon:
      site.publisher.logo && site.publisher.logo.width === site.publisher.logo.height
        ? site.publisher.logo.url
        : undefined,
    authors: [author(site.publisher)],
    language: site.language,
    hubs: site.websubHub ? [{ type: "WebSub", url: site.websubHub }] : undefined,
    items: items.map(({ article, body }): JsonFeedItem => {
      const tags = categoriesOf(article);
      return {
        id: article.id,
        url: article.url,
        external_url: article.source?.articleUrl,
        title: article.title,
        content_html: body.html,
        summary: summaryOf(article, body),
        image: article.image?.url,
        date_published: article.published,
        date_modified: article.updated,
        authors: article.authors.length > 0 ? article.authors.map(author) : undefined,
        tags: tags.length > 0 ? tags : undefined,
        language: article.language,
      };
    }),
  };
}

export function renderJsonFeed(site: Site, feed: FeedDescriptor, items: readonly FeedItem[]): string {
  return stringifySafeJson(buildJsonFeed(site, feed, items));
}
