/**
 * Builders for render fixtures: fresh objects on every call, so no test can leak state into another.
 * They fill in what `loadContent` would compute (ids, URLs, epoch ms, `modified`).
 */
import { createHash } from "node:crypto";
import type { Article, Content, Site } from "../../functions/core/model.js";

export function buildSite(overrides: Partial<Site> = {}): Site {
  return {
    title: "Harbor Wire",
    description: "Wire stories from the harbour cities.",
    baseUrl: "https://feeds.harborwire.example/",
    articleUrl: "https://harborwire.example/{section}/{slug}",
    language: "en",
    tagAuthority: "harborwire.example",
    publisher: {
      name: "Harbor Wire Ltd",
      url: "https://harborwire.example/",
      logo: { url: "https://harborwire.example/logo.png", width: 600, height: 60 },
    },
    defaultAuthor: { name: "Harbor Wire Staff" },
    copyright: "© 2026 Harbor Wire Ltd",
    itemsPerFeed: 50,
    sections: {
      world: { title: "World", description: "News from everywhere." },
      business: { title: "Business" },
    },
    ...overrides,
  };
}

export type ArticleOverrides = Partial<
  Omit<Article, "publishedMs" | "updatedMs" | "modified" | "modifiedMs">
>;

let counter = 0;

/** An article as `loadContent` would produce it; `published`/`updated` drive the computed fields. */
export function buildArticle(overrides: ArticleOverrides = {}, site: Site = buildSite()): Article {
  counter++;
  const slug = overrides.slug ?? `story-${counter}`;
  const section = "section" in overrides ? overrides.section : "world";
  const published = overrides.published ?? "2026-11-27T09:30:00+09:00";
  const updated = overrides.updated;
  const modified = updated ?? published;
  const body = overrides.body ?? "## What happened\n\nThe harbour reopened at dawn.\n";
  const sourcePath = overrides.sourcePath ?? `articles/${slug}.md`;
  const article: Article = {
    sourcePath,
    id:
      overrides.id ?? `tag:${site.tagAuthority},${published.slice(0, 10)}:${sourcePath.replace(/\.md$/, "")}`,
    slug,
    title: overrides.title ?? `Harbour reopens ${counter}`,
    url: overrides.url ?? site.articleUrl.replace("{slug}", slug).replace("{section}", section ?? "news"),
    published,
    publishedMs: Date.parse(published),
    updated,
    updatedMs: updated ? Date.parse(updated) : undefined,
    modified,
    modifiedMs: Date.parse(modified),
    authors: overrides.authors ?? [{ name: "Aiko Tanaka", url: "https://harborwire.example/staff/aiko" }],
    editor: overrides.editor,
    dateline: overrides.dateline,
    source: overrides.source,
    section,
    tags: overrides.tags ?? [],
    summary: overrides.summary,
    image: overrides.image,
    language: overrides.language ?? site.language,
    draft: false,
    body,
    bodyLine: overrides.bodyLine ?? 5,
    sourceHash: createHash("sha256").update(body).digest("hex"),
  };
  return article;
}

/** Content with articles sorted as `loadContent` sorts them: newest first, ties by id. */
export function buildContent(articles: Article[] = [buildArticle()], site: Site = buildSite()): Content {
  const sorted = [...articles].sort(
    (a, b) => b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { site, articles: sorted };
}

/** A varied, realistic set: CJK, syndicated, updated, with image, tags, editor, no section. */
export function buildSampleContent(site: Site = buildSite()): Content {
  return buildContent(
    [
      buildArticle(
        {
          slug: "port-strike-ends",
          title: "Port strike ends after 12 days",
          published: "2026-11-27T09:30:00+09:00",
          updated: "2026-11-27T14:05:00+09:00",
          dateline: "YOKOHAMA",
          section: "business",
          tags: ["labour", "shipping"],
          summary: "Dock workers return after a pay deal.",
          editor: { name: "Lena Ortiz" },
          source: {
            name: "Bay Courier",
            url: "https://baycourier.example/",
            articleUrl: "https://baycourier.example/s/1",
          },
          image: {
            url: "https://cdn.harborwire.example/img/cranes.jpg",
            alt: "Cranes at dusk",
            width: 1200,
            height: 800,
            type: "image/jpeg",
            length: 123456,
            caption: "Cranes idle during the strike",
            credit: "Photo: M. Ito",
          },
          body: "## The deal\n\nWorkers accepted a **4%** raise. See [the terms](terms.html).\n\n## What next\n\nShips queue.\n",
        },
        site,
      ),
      buildArticle(
        {
          slug: "tokyo-typhoon",
          title: "台風10号、東京湾に接近",
          published: "2026-11-26T18:00:00+09:00",
          language: "ja",
          section: "world",
          tags: ["天気"],
          body: "## 概要\n\n台風が東京湾に接近している。\n",
        },
        site,
      ),
      buildArticle(
        {
          slug: "lisbon-ferry",
          title: 'Lisbon ferry <b>delays</b> & "fixes" ]]> resolved',
          published: "2026-11-25T08:00:00Z",
          section: "world",
          tags: ["transport"],
          authors: [
            { name: "João Silva" },
            { name: "Ana Costa", url: "https://harborwire.example/staff/ana" },
          ],
        },
        site,
      ),
      buildArticle(
        {
          slug: "harbour-notes",
          title: "Harbour notes",
          published: "2026-11-24T12:00:00-05:00",
          section: undefined,
          authors: [],
        },
        site,
      ),
    ],
    site,
  );
}
