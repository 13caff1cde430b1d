/**
 * Human views: the landing page (`index.html`, also the root feeds' browser view) and one page per
 * section feed folder (`sections/<s>/index.html`). A browser that opens a feed URL gets these
 * (negotiate.ts); feed readers keep getting the feeds. Plain HTML, inline CSS, no scripts other
 * than the JSON-LD data block, no external resources. Links between our files are relative so
 * the pages work on the CDN and in local preview alike; the URLs to copy are absolute.
 */
import type { Article, Site } from "../model.js";
import type { FeedDescriptor } from "./feeds.js";
import { html, type SafeHtml, trusted } from "./html.js";

const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#5c5c5c;--bg:#fff;--line:#ddd;--accent:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--muted:#aaa;--bg:#121212;--line:#333;--accent:#8ab4f8}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:46rem;padding:1rem;font:1rem/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line)}
.muted,time{color:var(--muted);font-size:.9rem}
.notice{border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem}
code{word-break:break-all}
ul.feeds,ol.items{padding-left:1.2rem}
ul.feeds li,ol.items li{margin:.5rem 0}
`.trim();

const FORMATS = [
  { key: "rss", file: "feed.xml", type: "application/rss+xml", label: "RSS", suffix: "" },
  { key: "atom", file: "atom.xml", type: "application/atom+xml", label: "Atom", suffix: " (Atom)" },
  {
    key: "json",
    file: "feed.json",
    type: "application/feed+json",
    label: "JSON Feed",
    suffix: " (JSON Feed)",
  },
] as const;

/** `2026-11-27T09:30:00+09:00` → `2026-11-27 09:30 +09:00` (as written, no time zone conversion). */
function displayDate(rfc3339: string): string {
  const zone = rfc3339.endsWith("Z") || rfc3339.endsWith("z") ? "UTC" : rfc3339.slice(-6);
  return `${rfc3339.slice(0, 10)} ${rfc3339.slice(11, 16)} ${zone}`;
}

/** Relative path from the folder `fromDir` to the folder `toDir` (both "" or "a/b/"); "" when equal. */
function relativeDir(fromDir: string, toDir: string): string {
  const from = fromDir.split("/").filter(Boolean);
  const to = toDir.split("/").filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  const down = to.slice(common).map((segment) => `${segment}/`);
  return "../".repeat(from.length - common) + down.join("");
}

function discoveryLinks(feeds: readonly FeedDescriptor[], fromDir: string): SafeHtml[] {
  return feeds.flatMap((feed) =>
    FORMATS.map(
      (f) =>
        html`<link rel="alternate" type="${f.type}" title="${feed.title}${f.suffix}" href="${relativeDir(fromDir, feed.dir)}${f.file}">
`,
    ),
  );
}

function feedList(feeds: readonly FeedDescriptor[], fromDir: string): SafeHtml {
  return html`<ul class="feeds">
${feeds.map(
  (
    feed,
  ) => html`<li><strong>${feed.title}</strong> <span class="muted">(${feed.articles.length} ${feed.articles.length === 1 ? "item" : "items"})</span><br>
<span class="formats">${FORMATS.map((f, i) => html`${i > 0 ? " · " : ""}<a href="${relativeDir(fromDir, feed.dir)}${f.file}" type="${f.type}">${f.label}</a>`)}</span><br>
<code>${feed.links.rss}</code></li>
`,
)}</ul>`;
}

function itemList(site: Site, articles: readonly Article[]): SafeHtml {
  if (articles.length === 0) return html`<p class="muted">No articles yet.</p>`;
  return html`<ol class="items">
${articles.map(
  (
    a,
  ) => html`<li lang="${a.language}"><a href="${a.url}">${a.title}</a><br><time datetime="${a.published}">${displayDate(a.published)}</time>${a.updated && a.updated !== a.published ? html` <span class="muted">(updated <time datetime="${a.updated}">${displayDate(a.updated)}</time>)</span>` : ""}${a.section ? html` · <span class="muted">${site.sections?.[a.section]?.title ?? a.section}</span>` : ""}${a.summary ? html`<br>${a.summary}` : ""}</li>
`,
)}</ol>`;
}

function page(
  site: Site,
  options: { title: string; description: string; head: SafeHtml[]; body: SafeHtml },
): string {
  return html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<meta name="description" content="${options.description}">
<meta name="generator" content="feedpub">
${options.head}<style>${trusted(CSS)}</style>
</head>
<body>
${options.body}
${site.copyright ? html`<footer><p class="muted">${site.copyright}</p></footer>` : ""}
</body>
</html>
`.value;
}

const NOTICE = html`<p class="notice">This page lists news feeds. To follow one, copy its address into a feed reader; feed readers get the feed itself from the same address.</p>`;

/** The landing page: every feed (root and sections, three formats each) and the latest headlines. */
export function renderLandingPage(
  site: Site,
  root: FeedDescriptor,
  sections: readonly FeedDescriptor[],
  collectionJson: string,
): string {
  const feeds = [root, ...sections];
  return page(site, {
    title: site.title,
    description: site.description,
    head: [
      ...discoveryLinks(feeds, ""),
      html`<link rel="alternate" type="application/ld+json" title="${site.title} (JSON-LD)" href="index.jsonld">
<script type="application/ld+json">
${trusted(collectionJson.trimEnd())}
</script>
`,
    ],
    body: html`<header><h1>${site.title}</h1><p>${site.description}</p><p class="muted">Published by <a href="${site.publisher.url}">${site.publisher.name}</a></p></header>
<main>
${NOTICE}
<h2>Feeds</h2>
${feedList(feeds, "")}
<p class="muted">Structured data: <a href="index.jsonld" type="application/ld+json">index.jsonld</a> (schema.org JSON-LD)</p>
<h2>Latest</h2>
${itemList(site, root.articles)}
</main>`,
  });
}

/** The browser view of one section's feed folder. */
export function renderSectionPage(site: Site, feed: FeedDescriptor): string {
  return page(site, {
    title: feed.title,
    description: feed.description,
    head: discoveryLinks([feed], feed.dir),
    body: html`<header><p class="muted"><a href="${relativeDir(feed.dir, "") || "./"}">${site.title}</a></p><h1>${feed.title}</h1><p>${feed.description}</p></header>
<main>
${NOTICE}
<h2>Feeds</h2>
${feedList([feed], feed.dir)}
<h2>Latest</h2>
${itemList(site, feed.articles)}
</main>`,
  });
}
