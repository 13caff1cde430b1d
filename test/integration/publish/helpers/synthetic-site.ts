/**
 * A small, realistic rendered site built without the real renderer: per-article JSON-LD documents,
 * per-section and root JSON feeds that link to those documents, HTML indexes. Lets the publishing
 * engine be tested on exact output sets; end-to-end tests use the real loader and renderer.
 */
import { cacheControlFor, contentTypeFor } from "../../../../functions/core/media-types.js";
import type { OutputFile } from "../../../../functions/core/model.js";

export interface SyntheticArticle {
  slug: string;
  section: string;
  title: string;
  text: string;
  /** ISO date; with `now`, articles published later are left out (scheduled). */
  published: string;
  draft?: boolean;
}

const BASE = "https://feeds.example.com/";

export function syntheticArticles(n: number, sections = ["world", "science", "culture"]): SyntheticArticle[] {
  return Array.from({ length: n }, (_, i) => ({
    slug: `story-${String(i).padStart(3, "0")}`,
    section: sections[i % sections.length] as string,
    title: `Story ${i}`,
    text: `Body of story ${i}. ${"Lorem ipsum dolor sit amet. ".repeat(5)}東京 ${i}`,
    published: new Date(Date.UTC(2026, 0, 1 + i, 9)).toISOString(),
  }));
}

const file = (path: string, text: string): OutputFile => ({
  path,
  body: new TextEncoder().encode(text),
  contentType: contentTypeFor(path),
  cacheControl: cacheControlFor(path),
});

/** Renders the site: documents first, then section feeds, then root files (like the real renderer). */
export function renderSynthetic(
  all: SyntheticArticle[],
  now = new Date("2030-01-01T00:00:00Z"),
): OutputFile[] {
  const articles = all
    .filter((a) => !a.draft && Date.parse(a.published) <= now.getTime())
    .sort((a, b) => b.published.localeCompare(a.published));
  const out: OutputFile[] = [];
  for (const a of articles) {
    out.push(
      file(
        `articles/${a.slug}.jsonld`,
        JSON.stringify({
          "@type": "NewsArticle",
          headline: a.title,
          articleBody: a.text,
          datePublished: a.published,
        }),
      ),
    );
  }
  const feed = (title: string, items: SyntheticArticle[]) =>
    JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title,
      items: items
        .slice(0, 10)
        .map((a) => ({ id: a.slug, url: `${BASE}articles/${a.slug}.jsonld`, title: a.title })),
    });
  const sections = [...new Set(articles.map((a) => a.section))].sort();
  for (const s of sections) {
    const items = articles.filter((a) => a.section === s);
    out.push(file(`sections/${s}/feed.json`, feed(s, items)));
    out.push(file(`sections/${s}/index.html`, `<h1>${s}</h1><a href="feed.json">feed</a>`));
  }
  out.push(file("feed.json", feed("All", articles)));
  out.push(
    file(
      "index.html",
      `<ul>${sections.map((s) => `<li><a href="sections/${s}/feed.json">${s}</a></li>`).join("")}</ul>`,
    ),
  );
  out.push(
    file(
      "index.jsonld",
      JSON.stringify({
        "@type": "ItemList",
        itemListElement: articles.map((a) => `${BASE}articles/${a.slug}.jsonld`),
      }),
    ),
  );
  return out;
}
