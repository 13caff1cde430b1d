import { describe, expect, it } from "vitest";
import { createBodyCheckCache, loadContent } from "../../../functions/core/load.js";
import type { OutputFile } from "../../../functions/core/model.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");

function filesOf(outputs: Iterable<OutputFile>): Map<string, OutputFile> {
  return new Map([...outputs].map((f) => [f.path, f]));
}

function expectIdentical(actual: Map<string, OutputFile>, expected: Map<string, OutputFile>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [path, file] of expected) {
    const other = actual.get(path);
    expect(other?.contentType, path).toBe(file.contentType);
    expect(other?.cacheControl, path).toBe(file.cacheControl);
    expect(Buffer.from(other?.body ?? []).equals(Buffer.from(file.body)), path).toBe(true);
  }
}

describe("fast paths produce the plain path's bytes", () => {
  const files = hostileCorpus(400);

  it("the hostile corpus loads cleanly (nothing is excluded)", () => {
    const load = loadContent(files, { now: NOW, bodyCache: createBodyCheckCache() });
    expect(load.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(load.articles).toHaveLength(412);
  });

  it("JSON-LD from the loader's plain text equals JSON-LD from a fresh parse", () => {
    // Fast: the renderer takes text and word count from the cache the loader filled.
    const cache = createBodyCheckCache();
    let taken = 0;
    const spying = {
      ...cache,
      facts(key: string) {
        const facts = cache.facts?.(key);
        if (facts) taken++;
        return facts;
      },
    };
    const load = loadContent(files, { now: NOW, bodyCache: spying });
    if (!load.site) throw new Error("site did not load");
    const fast = filesOf(renderSite({ site: load.site, articles: load.articles }, { bodyCache: spying }));

    // Plain: an empty cache, so every body is parsed by the renderer itself.
    const plain = filesOf(
      renderSite({ site: load.site, articles: load.articles }, { bodyCache: createBodyCheckCache() }),
    );
    expectIdentical(fast, plain);
    expect(taken).toBeGreaterThan(50);
    for (const slug of ["h-3", "old-3"]) {
      expect(new TextDecoder().decode(fast.get(`articles/${slug}.jsonld`)?.body)).toContain("\\u003c/script");
    }
  });

  it("a cache that kept no text (over its budget) gives the same bytes", () => {
    const full = createBodyCheckCache();
    const load = loadContent(files, { now: NOW, bodyCache: full });
    if (!load.site) throw new Error("site did not load");
    const tiny = createBodyCheckCache(100_000, 2_000);
    loadContent(files, { now: NOW, bodyCache: tiny });
    const content = { site: load.site, articles: load.articles };
    expectIdentical(
      filesOf(renderSite(content, { bodyCache: tiny })),
      filesOf(renderSite(content, { bodyCache: full })),
    );
  });
});
