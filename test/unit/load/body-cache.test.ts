import { describe, expect, it } from "vitest";
import { createBodyCheckCache, loadContent } from "../../../functions/core/load.js";
import { article, file, NOW, siteFile } from "./helpers.js";

const BAD = article("title: A\npublished: 2026-01-01T00:00:00Z\nsection: world", "A [link](javascript:x).\n");
const GOOD = article("title: B\npublished: 2026-01-01T00:00:00Z\nsection: world", "Fine.\n");

describe("body check cache", () => {
  it("checks each body once per source and URL, with the same diagnostics as a fresh load", () => {
    const inner = createBodyCheckCache();
    const sets: string[] = [];
    const cache = {
      get: (key: string) => inner.get(key),
      set: (key: string, problems: Parameters<typeof inner.set>[1]) => {
        sets.push(key);
        inner.set(key, problems);
      },
    };
    const files = [siteFile(), file("articles/a.md", BAD), file("articles/b.md", GOOD)];
    const first = loadContent(files, { now: NOW, bodyCache: cache });
    expect(sets).toHaveLength(2);
    const second = loadContent(files, { now: NOW, bodyCache: cache });
    expect(sets).toHaveLength(2);
    expect(second.diagnostics).toEqual(first.diagnostics);
    expect(first.diagnostics.map((d) => d.code)).toEqual(["body.unsafe-url"]);

    // An edited file is checked again.
    loadContent([siteFile(), file("articles/a.md", BAD.replace("javascript:x", "https://ok.example/"))], {
      now: NOW,
      bodyCache: cache,
    });
    expect(sets).toHaveLength(3);
  });

  it("forgets everything when full, so memory stays bounded", () => {
    const cache = createBodyCheckCache(2);
    cache.set("a", []);
    cache.set("b", []);
    expect(cache.get("a")).toEqual([]);
    cache.set("c", []);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toEqual([]);
  });
});
