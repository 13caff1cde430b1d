/**
 * Atom 1.0 (RFC 4287). Dates in RFC 3339 exactly as written (the dateline's offset kept); entry
 * id = the article's permanent id; titles and summaries are text, content is escaped HTML; every
 * category has the required `term`; the image is an enclosure link plus media:content.
 */
import type { Person, Site } from "../model.js";
import {
  categoriesOf,
  EMPTY_FEED_UPDATED,
  type FeedDescriptor,
  type FeedItem,
  sectionTitle,
  summaryOf,
} from "./feeds.js";
import { mediaContent } from "./media-rss.js";
import { serializeXml, type XmlElement } from "./xml.js";

function person(p: Person): XmlElement {
  return { name: p.name, uri: p.url };
}

function renderEntry(site: Site, { article, body }: FeedItem): XmlElement {
  const image = article.image;
  const categories = categoriesOf(article).map((term, i) =>
    i === 0 && article.section
      ? { "@_term": term, "@_scheme": `${site.baseUrl}sections/`, "@_label": sectionTitle(site, term) }
      : { "@_term": term },
  );
  return {
    "@_xml:lang": article.language !== site.language ? article.language : undefined,
    id: article.id,
    title: { "@_type": "text", "#text": article.title },
    updated: article.modified,
    published: article.published,
    author: article.authors.map(person),
    contributor: article.editor ? [person(article.editor)] : undefined,
    link: [
      { "@_rel": "alternate", "@_type": "text/html", "@_href": article.url },
      article.source?.articleUrl ? { "@_rel": "via", "@_href": article.source.articleUrl } : undefined,
      image
        ? { "@_rel": "enclosure", "@_type": image.type, "@_href": image.url, "@_length": image.length }
        : undefined,
    ],
    category: categories,
    summary: { "@_type": "text", "#text": summaryOf(article, body) },
    content: { "@_type": "html", "#text": body.html },
    "media:content": mediaContent(image),
  };
}

export function renderAtom(site: Site, feed: FeedDescriptor, items: readonly FeedItem[]): string {
  return serializeXml({
    feed: {
      "@_xmlns": "http://www.w3.org/2005/Atom",
      "@_xmlns:media": "http://search.yahoo.com/mrss/",
      "@_xml:lang": site.language,
      id: feed.id,
      title: { "@_type": "text", "#text": feed.title },
      subtitle: { "@_type": "text", "#text": feed.description },
      updated: feed.updated ?? EMPTY_FEED_UPDATED,
      // Entries without their own author inherit this one (RFC 4287 §4.1.1 requires an author).
      author: person({ name: site.publisher.name, url: site.publisher.url }),
      link: [
        { "@_rel": "self", "@_type": "application/atom+xml", "@_href": feed.links.atom },
        { "@_rel": "alternate", "@_type": "text/html", "@_href": site.publisher.url },
        site.websubHub ? { "@_rel": "hub", "@_href": site.websubHub } : undefined,
      ],
      rights: site.copyright ? { "@_type": "text", "#text": site.copyright } : undefined,
      generator: "feedpub",
      logo: site.publisher.logo?.url,
      entry: items.map((item) => renderEntry(site, item)),
    },
  });
}
