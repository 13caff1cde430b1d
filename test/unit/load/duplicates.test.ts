import { describe, expect, it } from "vitest";
import { loadContent } from "../../../functions/core/load.js";
import { article, file, loadArticles, NOW } from "./helpers.js";

const at = (result: ReturnType<typeof loadArticles>) =>
  result.diagnostics.map((d) => [d.file, d.line, d.column, d.field, d.code]);

describe("duplicates across files with other errors", () => {
  it("an invalid article without 'slug:' claims its file name's slug", () => {
    const result = loadArticles({
      "articles/2025/harbor.md": article("title: A\npublished: 2025-01-01T00:00:00Z\nsection: world"),
      "articles/2026/harbor.md": article("title: B\npublished: 2026-01-01T00:00:00\nsection: world"),
    });
    expect(at(result)).toEqual([
      ["articles/2025/harbor.md", 1, 1, "slug", "duplicate-slug"],
      ["articles/2026/harbor.md", 1, 1, "slug", "duplicate-slug"],
      ["articles/2026/harbor.md", 3, 1, "published", "schema.date-time"],
    ]);
    expect(result.diagnostics[0]?.message).toContain("'harbor' is also used by articles/2026/harbor.md;");
    expect(result.articles).toEqual([]);
  });

  it("an invalid 'slug:' claims no slug (not even the file name's)", () => {
    const result = loadArticles({
      "articles/a/same.md": article("title: A\npublished: 2026-01-01T00:00:00Z\nsection: world"),
      "articles/b/same.md": article("title: B\nslug: Same\npublished: 2026-01-01T00:00:00Z\nsection: world"),
    });
    expect(at(result)).toEqual([["articles/b/same.md", 3, 1, "slug", "schema.pattern"]]);
  });

  it("a front matter that does not parse claims nothing", () => {
    const result = loadArticles({
      "articles/a/same.md": article("title: A\npublished: 2026-01-01T00:00:00Z\nsection: world"),
      "articles/b/same.md": article("title: B: broken\npublished: 2026-01-01T00:00:00Z\nsection: world"),
    });
    expect(result.diagnostics.map((d) => [d.file, d.code])).toEqual([["articles/b/same.md", "yaml.syntax"]]);
  });

  it("an id given as a string is claimed even when it is not a valid id", () => {
    const fields = "title: A\nid: same\npublished: 2026-01-01T00:00:00Z\nsection: world";
    const result = loadArticles({ "articles/a.md": article(fields), "articles/b.md": article(fields) });
    expect(at(result)).toEqual([
      ["articles/a.md", 3, 1, "id", "schema.format"],
      ["articles/a.md", 3, 1, "id", "duplicate-id"],
      ["articles/b.md", 3, 1, "id", "schema.format"],
      ["articles/b.md", 3, 1, "id", "duplicate-id"],
    ]);
  });

  it("duplicates are reported when site.yaml has errors too", () => {
    const fields = "title: A\nslug: same\npublished: 2026-01-01T00:00:00Z\nsection: world";
    const result = loadContent(
      [
        file("site.yaml", "title: Broken site\n"),
        file("articles/a.md", article(fields)),
        file("articles/b.md", article(fields)),
      ],
      { now: NOW },
    );
    expect(
      result.diagnostics.filter((d) => d.file !== "site.yaml").map((d) => [d.file, d.line, d.code]),
    ).toEqual([
      ["articles/a.md", 3, "duplicate-slug"],
      ["articles/b.md", 3, "duplicate-slug"],
    ]);
  });
});
