/** Which feeds a site has, what each one lists, and the per-item facts every format shares. */
import type { Article, Content, RenderedBody, Site } from "../model.js";

export interface FeedLinks {
  rss: string;
  atom: string;
  json: string;
  /** The human view (index.html of the feed's folder). */
  html: string;
}

export interface FeedDescriptor {
  /** Output folder: "" for the root feeds, "sections/<slug>/" for a section. */
  dir: string;
  section?: string;
  /** Autodiscovery-friendly title: "Harbor Wire" or "Harbor Wire — World". */
  title: string;
  description: string;
  /** Stable feed id: the publisher's URL with a fragment (independent of the CDN base URL). */
  id: string;
  links: FeedLinks;
  /** The latest `site.itemsPerFeed` articles, newest first. */
  articles: Article[];
  /** Newest `modified` among the articles, as written (never the clock); undefined for an empty feed. */
  updated?: string;
}

/** One feed entry: the article and its rendered body. */
export interface FeedItem {
  article: Article;
  body: RenderedBody;
}

/** Used as feed-level `updated` only when a feed has no items at all (Atom requires one). */
export const EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z";

export function sectionTitle(site: Site, section: string): string {
  return site.sections?.[section]?.title ?? section;
}

function linksFor(site: Site, dir: string): FeedLinks {
  const base = `${site.baseUrl}${dir}`;
  return {
    rss: `${base}feed.xml`,
    atom: `${base}atom.xml`,
    json: `${base}feed.json`,
    html: `${base}index.html`,
  };
}

/** Newest `modified` (by instant) among `articles`, as written. */
export function newestModified(articles: readonly Article[]): string | undefined {
  let newest: Article | undefined;
  for (const article of articles) if (!newest || article.modifiedMs > newest.modifiedMs) newest = article;
  return newest?.modified;
}

/** Section feeds (sorted by section slug) for every section that has articles, then the root feed. */
export function describeFeeds(content: Content): { sections: FeedDescriptor[]; root: FeedDescriptor } {
  const { site, articles } = content;
  const limit = site.itemsPerFeed;
  const bySection = new Map<string, Article[]>();
  for (const article of articles) {
    if (!article.section) continue;
    const list = bySection.get(article.section) ?? [];
    if (list.length === 0) bySection.set(article.section, list);
    if (list.length < limit) list.push(article);
  }
  const sections = [...bySection.keys()].sort().map((section): FeedDescriptor => {
    const list = bySection.get(section) ?? [];
    const dir = `sections/${section}/`;
    return {
      dir,
      section,
      title: `${site.title} — ${sectionTitle(site, section)}`,
      description:
        site.sections?.[section]?.description ?? `${sectionTitle(site, section)}: ${site.description}`,
      id: `${site.publisher.url}#feed-${section}`,
      links: linksFor(site, dir),
      articles: list,
      updated: newestModified(list),
    };
  });
  const latest = articles.slice(0, limit);
  const root: FeedDescriptor = {
    dir: "",
    title: site.title,
    description: site.description,
    id: `${site.publisher.url}#feed`,
    links: linksFor(site, ""),
    articles: latest,
    updated: newestModified(latest),
  };
  return { sections, root };
}

/** Categories of an item: its section, then its tags (duplicates dropped). */
export function categoriesOf(article: Article): string[] {
  const out = article.section ? [article.section] : [];
  for (const tag of article.tags) if (!out.includes(tag)) out.push(tag);
  return out;
}

const SPACE = /\s+/g;

/** The summary, else the first ~`max` characters of the plain text, cut at a word boundary. */
export function summaryOf(article: Article, body: RenderedBody, max = 280): string {
  if (article.summary) return article.summary;
  const text = body.text.replace(SPACE, " ").trim();
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(" ", max);
  return `${text.slice(0, cut > max / 2 ? cut : max)}…`;
}
