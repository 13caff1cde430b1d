import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../../functions/core/load.js";
import { NOW, readTree } from "./helpers.js";

const CONTENT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "content");

describe("the sample content in content/", () => {
  const result = loadContent(readTree(CONTENT), { now: NOW });

  it("loads with no errors and no warnings", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.site?.title).toBe("Harbor Wire");
    expect(result.site?.itemsPerFeed).toBe(50);
  });

  it("has the shapes the issue asks for", () => {
    const all = [...result.articles, ...result.drafts];
    expect(result.articles.length).toBeGreaterThanOrEqual(5);
    expect(result.drafts).toHaveLength(1);
    expect(result.scheduled).toEqual([]);
    // A CJK story, in its own language.
    expect(all.some((a) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(a.title) && a.language === "ja")).toBe(true);
    // One updated after publication.
    expect(result.articles.some((a) => a.updated !== undefined && a.updatedMs! > a.publishedMs)).toBe(true);
    // Syndicated stories name their source; varied UTC offsets survive loading.
    expect(result.articles.filter((a) => a.source).length).toBeGreaterThanOrEqual(2);
    const offsets = new Set(result.articles.map((a) => /(Z|[+-]\d\d:\d\d)$/.exec(a.published)?.[1]));
    expect(offsets.size).toBeGreaterThanOrEqual(4);
    for (const a of all) {
      expect(a.publishedMs).toBeLessThan(NOW.getTime());
      expect(a.body.match(/^## /gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(a.section && result.site?.sections?.[a.section]).toBeTruthy();
    }
  });
});
