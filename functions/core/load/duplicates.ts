/**
 * Slugs and ids must be unique across all articles (drafts and scheduled ones included). Files
 * with other errors take part with the slug and id they claim, so every problem shows at once.
 */
import type { LoadedArticle } from "./article.js";

function reportDuplicates(
  loaded: LoadedArticle[],
  pick: (entry: LoadedArticle) => string | undefined,
  field: "slug" | "id",
  code: string,
  why: string,
): void {
  // One map of first claims; lists only for values claimed twice (rare): no list per article.
  const first = new Map<string, LoadedArticle>();
  const byValue = new Map<string, LoadedArticle[]>();
  for (const entry of loaded) {
    const value = pick(entry);
    if (value === undefined) continue;
    const owner = first.get(value);
    if (owner === undefined) {
      first.set(value, entry);
      continue;
    }
    const list = byValue.get(value);
    if (list) list.push(entry);
    else byValue.set(value, [owner, entry]);
  }
  for (const [value, entries] of byValue) {
    for (const entry of entries) {
      const others = entries.filter((e) => e !== entry).map((e) => e.report.file);
      const at = entry.source?.locate([field]) ?? { line: 1, column: 1 };
      entry.report.add(
        "error",
        code,
        `${field} '${value}' is also used by ${others.join(", ")}; ${why}`,
        at,
        field,
      );
    }
  }
}

export function checkDuplicates(loaded: LoadedArticle[]): void {
  reportDuplicates(
    loaded,
    (e) => e.slug,
    "slug",
    "duplicate-slug",
    "each article needs its own slug (set 'slug:' in one of them)",
  );
  reportDuplicates(
    loaded,
    (e) => e.id,
    "id",
    "duplicate-id",
    "ids must be unique: feed readers treat equal ids as the same story",
  );
}
