import { describe, expect, it } from "vitest";
import { invalidationPathsFor } from "../../../functions/core/publish/invalidation.js";

describe("invalidationPathsFor", () => {
  it("lists a few paths one by one, with folder URLs for index pages", () => {
    expect(
      invalidationPathsFor(["feed.xml", "index.html", "sections/world/index.html", "articles/a.jsonld"]),
    ).toEqual([
      "/",
      "/articles/a.jsonld",
      "/feed.xml",
      "/index.html",
      "/sections/world/",
      "/sections/world/index.html",
    ]);
  });

  it("collapses crowded folders to wildcards when there are many paths", () => {
    const paths = [
      ...Array.from({ length: 30 }, (_, i) => `articles/a${i}.jsonld`),
      "sections/world/feed.xml",
      "sections/science/feed.xml",
      "feed.xml",
      "about.txt",
    ];
    expect(invalidationPathsFor(paths)).toEqual(["/about.txt", "/articles/*", "/feed.xml", "/sections/*"]);
  });

  it("falls back to everything when even the collapsed list is too long", () => {
    const paths = Array.from({ length: 30 }, (_, i) => `file${i}.xml`);
    expect(invalidationPathsFor(paths)).toEqual(["/*"]);
    expect(invalidationPathsFor(paths.slice(0, 3), { maxPaths: 2 })).toEqual(["/*"]);
  });

  it("returns nothing for nothing", () => {
    expect(invalidationPathsFor([])).toEqual([]);
  });
});
