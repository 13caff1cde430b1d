/**
 * RSS 2.0 with the content, Dublin Core, Atom and Media RSS modules. Dates in RFC 822 with the
 * dateline's offset; guid = the article's permanent id (isPermaLink="false"); authors as dc:creator
 * (RSS <author> is for e-mail addresses, which we do not publish); image as enclosure + media:content.
 */
import type { Site } from "../model.js";
import { toRfc822 } from "./dates.js";
import { categoriesOf, EMPTY_FEED_UPDATED, type FeedDescriptor, type FeedItem, summaryOf } from "./feeds.js";
import { escapeHtml } from "./html.js";
import { mediaContent } from "./media-rss.js";
import { serializeXml, type XmlElement } from "./xml.js";

/** RSS 2.0 limits for <channel><image>. */
const MAX_IMAGE_WIDTH = 144;
const MAX_IMAGE_HEIGHT = 400;

/**
 * The publisher logo as the channel image. RSS 2.0 caps the declared size at 144 × 400 px, so a
 * larger logo is listed without width/height (readers then scale it) rather than left out.
 */
function channelImage(site: Site, feed: FeedDescriptor): XmlElement | undefined {
  const logo = site.publisher.logo;
  if (!logo) return undefined;
  const fits = logo.width <= MAX_IMAGE_WIDTH && logo.height <= MAX_IMAGE_HEIGHT;
  return {
    url: logo.url,
    title: feed.title,
    link: site.publisher.url,
    ...(fits ? { width: logo.width, height: logo.height } : {}),
  };
}

function renderItem(site: Site, { article, body }: FeedItem): XmlElement {
  const image = article.image;
  return {
    title: article.title,
    link: article.url,
    guid: { "@_isPermaLink": "false", "#text": article.id },
    pubDate: toRfc822(article.published),
    "dcterms:modified": article.updated,
    // Readers treat an item's description as HTML; the summary is text, so it is HTML-escaped.
    description: escapeHtml(summaryOf(article, body)),
    "content:encoded": body.html,
    "dc:creator": article.authors.map((a) => a.name),
    "dc:language": article.language !== site.language ? article.language : undefined,
    "dc:source": article.source
      ? (article.source.articleUrl ?? article.source.url ?? article.source.name)
      : undefined,
    category: categoriesOf(article).map((name, i) =>
      i === 0 && article.section ? { "@_domain": `${site.baseUrl}sections/`, "#text": name } : name,
    ),
    enclosure: image
      ? { "@_url": image.url, "@_length": image.length ?? 0, "@_type": image.type }
      : undefined,
    "media:content": mediaContent(image),
  };
}

export function renderRss(site: Site, feed: FeedDescriptor, items: readonly FeedItem[]): string {
  return serializeXml({
    rss: {
      "@_version": "2.0",
      "@_xmlns:atom": "http://www.w3.org/2005/Atom",
      "@_xmlns:content": "http://purl.org/rss/1.0/modules/content/",
      "@_xmlns:dc": "http://purl.org/dc/elements/1.1/",
      "@_xmlns:dcterms": "http://purl.org/dc/terms/",
      "@_xmlns:media": "http://search.yahoo.com/mrss/",
      channel: {
        title: feed.title,
        link: site.publisher.url,
        description: feed.description,
        language: site.language,
        copyright: site.copyright,
        lastBuildDate: toRfc822(feed.updated ?? EMPTY_FEED_UPDATED),
        generator: "feedpub",
        docs: "https://www.rssboard.org/rss-specification",
        "atom:link": [
          { "@_href": feed.links.rss, "@_rel": "self", "@_type": "application/rss+xml" },
          site.websubHub ? { "@_href": site.websubHub, "@_rel": "hub" } : undefined,
        ],
        image: channelImage(site, feed),
        item: items.map((item) => renderItem(site, item)),
      },
    },
  });
}
