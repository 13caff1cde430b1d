/**
 * What a reader must never see: a feed, index or JSON-LD collection that links to a document or
 * feed that is not stored, or a JSON Feed item whose per-article JSON-LD document is missing (item
 * URLs end with the article's slug). Also checks the manifest's own claims.
 */
import { MANIFEST_PATH } from "../../../../functions/core/media-types.js";
import { parseManifest } from "../../../../functions/core/publish/manifest.js";
import type { Storage } from "../../../../functions/storage/types.js";

const LINK =
  /(?:articles\/[A-Za-z0-9._~%-]+\.jsonld|sections\/[a-z0-9-]+\/(?:feed\.json|feed\.xml|atom\.xml))/g;

/** Returns the problems found (empty when the stored site is consistent). */
export async function siteProblems(storage: Storage): Promise<string[]> {
  const problems: string[] = [];
  const paths = new Set(await storage.list());
  for (const path of paths) {
    if (path === MANIFEST_PATH || path.startsWith("articles/")) continue;
    const stored = await storage.get(path);
    const text = new TextDecoder().decode(stored?.body);
    for (const [link] of text.matchAll(LINK)) {
      if (!paths.has(link)) problems.push(`${path} links to missing ${link}`);
    }
    // Every JSON Feed item has its per-article JSON-LD document (item URLs end with the slug).
    if (path.endsWith("feed.json")) {
      const feed = JSON.parse(text) as { items?: { url?: string }[] };
      for (const item of feed.items ?? []) {
        const slug = (item.url ?? "")
          .replace(/\/+$/, "")
          .split("/")
          .pop()
          ?.replace(/\.jsonld$/, "");
        if (!paths.has(`articles/${slug}.jsonld`))
          problems.push(`${path} has an item without articles/${slug}.jsonld`);
      }
    }
  }
  const manifest = await storage.get(MANIFEST_PATH);
  if (manifest) {
    const m = parseManifest(manifest.body);
    for (const path of Object.keys(m.files)) {
      if (!paths.has(path)) problems.push(`manifest lists missing ${path}`);
    }
  }
  return problems;
}
