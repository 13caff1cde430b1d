/**
 * schema.org JSON-LD, typed with schema-dts: one NewsArticle per article (Google's Article
 * structured-data guidelines) and the collection document `index.jsonld` (Organization, WebSite and
 * an ItemList of the latest articles). Ids never depend on the CDN base URL: the article's `@id` is
 * its permanent id, the Organization's is the publisher URL + `#organization`.
 */
import type {
  Graph,
  IdReference,
  ImageObject,
  ItemList,
  NewsArticle,
  Organization,
  QuantitativeValue,
  Person as SchemaPerson,
  WebSite,
  WithContext,
} from "schema-dts";
import type { Article, Person, RenderedBody, Site } from "../model.js";
import { yearOf } from "./dates.js";
import { sectionTitle } from "./feeds.js";
import { stringifySafeJson } from "./json.js";

export function organizationId(site: Site): string {
  return `${site.publisher.url}#organization`;
}

export function websiteId(site: Site): string {
  return `${site.publisher.url}#website`;
}

/** Pixels, as schema.org wants a Distance/QuantitativeValue (UN/CEFACT E37 = pixel). */
function pixels(value: number): QuantitativeValue {
  return { "@type": "QuantitativeValue", value, unitCode: "E37" };
}

export function organization(site: Site): Organization {
  const { publisher } = site;
  const logo: ImageObject | undefined = publisher.logo
    ? {
        "@type": "ImageObject",
        url: publisher.logo.url,
        width: pixels(publisher.logo.width),
        height: pixels(publisher.logo.height),
      }
    : undefined;
  return {
    "@type": "Organization",
    "@id": organizationId(site),
    name: publisher.name,
    url: publisher.url,
    logo,
  };
}

function person(p: Person): SchemaPerson {
  return p.url ? { "@type": "Person", name: p.name, url: p.url } : { "@type": "Person", name: p.name };
}

export function buildNewsArticle(site: Site, article: Article, body: RenderedBody): WithContext<NewsArticle> {
  const orgRef: IdReference = { "@id": organizationId(site) };
  const image = article.image;
  const images: ImageObject[] | undefined = image
    ? [
        {
          "@type": "ImageObject",
          url: image.url,
          contentUrl: image.url,
          encodingFormat: image.type,
          width: image.width ? pixels(image.width) : undefined,
          height: image.height ? pixels(image.height) : undefined,
          caption: image.caption ?? image.alt,
          creditText: image.credit,
        },
      ]
    : undefined;
  const source = article.source;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "@id": article.id,
    identifier: article.id,
    headline: article.title,
    description: article.summary,
    url: article.url,
    mainEntityOfPage: { "@type": "WebPage", "@id": article.url },
    datePublished: article.published,
    dateModified: article.modified,
    dateline: article.dateline,
    author: article.authors.length > 0 ? article.authors.map(person) : undefined,
    editor: article.editor ? person(article.editor) : undefined,
    publisher: organization(site),
    image: images,
    thumbnailUrl: image?.url,
    articleSection: article.section ? sectionTitle(site, article.section) : undefined,
    keywords: article.tags.length > 0 ? article.tags : undefined,
    inLanguage: article.language,
    wordCount: body.wordCount,
    articleBody: body.text,
    isBasedOn: source?.articleUrl,
    sourceOrganization: source
      ? source.url
        ? { "@type": "Organization", name: source.name, url: source.url }
        : { "@type": "Organization", name: source.name }
      : undefined,
    copyrightHolder: orgRef,
    copyrightNotice: site.copyright,
    copyrightYear: yearOf(article.published),
    isPartOf: { "@id": websiteId(site) },
  };
}

export function renderNewsArticle(site: Site, article: Article, body: RenderedBody): string {
  return stringifySafeJson(buildNewsArticle(site, article, body));
}

/** The collection document: publisher, website and the latest articles as an ItemList. */
export function buildCollection(site: Site, latest: readonly Article[]): Graph {
  const website: WebSite = {
    "@type": "WebSite",
    "@id": websiteId(site),
    name: site.title,
    description: site.description,
    url: site.publisher.url,
    inLanguage: site.language,
    publisher: { "@id": organizationId(site) },
  };
  const list: ItemList = {
    "@type": "ItemList",
    "@id": `${site.publisher.url}#latest`,
    name: site.title,
    itemListOrder: "https://schema.org/ItemListOrderDescending",
    numberOfItems: latest.length,
    itemListElement: latest.map((article, i) => ({
      "@type": "ListItem",
      position: i + 1,
      url: article.url,
      name: article.title,
      item: { "@id": article.id },
    })),
  };
  return { "@context": "https://schema.org", "@graph": [organization(site), website, list] };
}

export function renderCollection(site: Site, latest: readonly Article[]): string {
  return stringifySafeJson(buildCollection(site, latest));
}
