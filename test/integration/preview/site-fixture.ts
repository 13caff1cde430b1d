/**
 * A realistic output folder (the layout feedpub build writes) in a fresh temp directory,
 * written by hand so the server tests do not depend on the renderer.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import {
  type PreviewServer,
  type PreviewServerOptions,
  startPreviewServer,
} from "../../../functions/cli/preview/server.js";

const paragraphs = Array.from(
  { length: 12 },
  (_, i) =>
    `Paragraph ${i + 1}: the harbour authority said on Thursday that repairs to the north pier would take until spring, and that ferries would use the temporary landing.`,
).join(" ");

const rssItem = (n: number) => `<item>
  <title>Harbour repairs, part ${n}</title>
  <link>https://news.example.com/stories/harbour-${n}</link>
  <guid isPermaLink="false">tag:news.example.com,2026-11-20:articles/harbour-${n}</guid>
  <pubDate>Fri, 20 Nov 2026 09:30:00 +0900</pubDate>
  <description><![CDATA[<p>${paragraphs}</p>]]></description>
</item>`;

export const SITE_FILES: Record<string, string> = {
  "index.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example News feeds</title>
<link rel="alternate" type="application/rss+xml" title="Example News" href="/feed.xml">
</head><body><h1>Example News</h1><p>${paragraphs}</p></body></html>
`,
  "feed.xml": `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://news.example.com/</link>
<description>Wire stories</description>
${[1, 2, 3].map(rssItem).join("\n")}
</channel></rss>
`,
  "atom.xml": `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:news.example.com,2026:feed</id><title>Example News</title>
<updated>2026-11-20T09:30:00+09:00</updated>
<entry><id>tag:news.example.com,2026-11-20:articles/harbour-1</id><title>Harbour repairs</title>
<updated>2026-11-20T09:30:00+09:00</updated><content type="html">${paragraphs}</content></entry>
</feed>
`,
  "feed.json": `${JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: "Example News",
    items: [{ id: "tag:news.example.com,2026-11-20:articles/harbour-1", content_text: paragraphs }],
  })}\n`,
  "index.jsonld": `${JSON.stringify({ "@context": "https://schema.org", "@type": "DataFeed", name: "Example News" })}\n`,
  "articles/harbour-1.jsonld": `${JSON.stringify({
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: "Harbour repairs",
    articleBody: paragraphs,
  })}\n`,
  "sections/world/index.html": `<!doctype html><html><head><title>World</title></head><body><h1>World</h1></body></html>\n`,
  "sections/world/feed.xml": `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>World</title></channel></rss>\n`,
  "sections/world/atom.xml": `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>World</title></feed>\n`,
  "sections/world/feed.json": `{"version":"https://jsonfeed.org/version/1.1","title":"World","items":[]}\n`,
  ".feedpub/manifest.json": `{"version":1,"files":{}}\n`,
};

/** Writes SITE_FILES into a new temp folder, plus a secret beside it that traversal must not reach. */
export async function writeSiteFixture(): Promise<{ parent: string; root: string }> {
  const parent = await mkdtemp(join(tmpdir(), "feedpub-preview-"));
  const root = join(parent, "dist");
  for (const [path, text] of Object.entries(SITE_FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  await writeFile(join(parent, "secret.txt"), "do not serve\n");
  return { parent, root };
}

/**
 * Serves a fresh copy of SITE_FILES for the calling test file: started in beforeAll, stopped and
 * removed in afterAll. Read `server` inside tests (it is set once beforeAll has run).
 */
export function servePreviewFixture(options: Partial<PreviewServerOptions> = {}): { server: PreviewServer } {
  const state = {} as { server: PreviewServer; parent?: string };
  beforeAll(async () => {
    const fixture = await writeSiteFixture();
    state.parent = fixture.parent;
    state.server = await startPreviewServer({ root: fixture.root, port: 0, ...options });
  });
  afterAll(async () => {
    await state.server?.close();
    if (state.parent) await rm(state.parent, { recursive: true, force: true });
  });
  return state;
}
