import { describe, expect, it } from "vitest";
import { loadContent } from "../../../functions/core/load.js";
import { article, brief, file, loadArticles, NOW } from "./helpers.js";

const OK = "title: T\npublished: 2026-01-01T00:00:00Z\nsection: world\n";

function only(fields: string) {
  const result = loadArticles({ "articles/a.md": article(fields) });
  return result.diagnostics.map((d) => ({ ...brief(d), message: d.message }));
}

describe("positions and messages of front-matter problems", () => {
  it("points a missing nested field at its parent key", () => {
    expect(only(`${OK}image:\n  url: https://i.example/a.jpg\n  width: 1200\n  height: 800`)).toEqual([
      expect.objectContaining({ line: 5, column: 1, field: "image.alt", code: "schema.required" }),
    ]);
  });

  it("points at an unknown nested key", () => {
    expect(only(`${OK}editor:\n  name: E\n  emial: e@x.example`)).toEqual([
      expect.objectContaining({ line: 7, column: 3, field: "editor.emial", code: "schema.unknown-field" }),
    ]);
  });

  it("points at the repeated item of a flow list", () => {
    expect(only(`${OK}tags: [ports, labor, ports]`)).toEqual([
      expect.objectContaining({
        line: 5,
        column: 22,
        field: "tags",
        code: "schema.duplicate-item",
        message: "lists 'ports' twice (items 1 and 3)",
      }),
    ]);
  });

  it("suggests the closest allowed value of an enum", () => {
    expect(
      only(
        `${OK}image:\n  url: https://i.example/a\n  alt: A\n  width: 1200\n  height: 800\n  type: image/jpg`,
      ),
    ).toEqual([
      expect.objectContaining({
        line: 10,
        column: 3,
        field: "image.type",
        code: "schema.enum",
        message: expect.stringContaining("did you mean 'image/jpeg'?"),
      }),
    ]);
  });

  it("explains empty values, wrong types and lengths in editor language", () => {
    const problems = only(
      `title:\npublished: 2026-01-01T00:00:00Z\nsection: world\nauthors: Jane Doe\nsummary: ""`,
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, "title", "is empty: write text after the colon, or remove the line"],
      [5, "authors", "must be a list (lines starting with '- ', or [a, b]), not the text 'Jane Doe'"],
      [6, "summary", "must not be empty"],
    ]);
  });

  it("reports several problems of one file, each once", () => {
    const problems = only("titel: T\npublished: 2026-01-01T09:00\nslug: Bad Slug\nsection: world");
    expect(problems.map((p) => [p.line, p.column, p.field, p.code])).toEqual([
      [1, 1, "title", "schema.required"],
      [2, 1, "titel", "schema.unknown-field"],
      [3, 1, "published", "schema.date-time"],
      [4, 1, "slug", "schema.pattern"],
    ]);
    expect(problems[3]?.message).toBe(
      "must be lowercase letters, digits and single hyphens, e.g. 'bad-slug'; got 'Bad Slug'",
    );
  });

  it("reports YAML duplicate keys and tabs with their position", () => {
    expect(only(`${OK}title: Again`)).toEqual([
      expect.objectContaining({
        line: 5,
        column: 1,
        code: "yaml.syntax",
        message: expect.stringContaining("only once"),
      }),
    ]);
    expect(only(`${OK}image:\n\turl: x`)).toEqual([
      expect.objectContaining({ line: 6, code: "yaml.syntax", message: expect.stringContaining("tabs") }),
    ]);
  });

  it("finds escaped and literal forbidden characters inside values", () => {
    expect(only(`title: "Bell\\x07 rings"\npublished: 2026-01-01T00:00:00Z\nsection: world`)).toEqual([
      expect.objectContaining({ line: 2, column: 13, field: "title", code: "xml-char" }),
    ]);
    expect(only(`${OK}authors:\n  - name: "Ann \\uD800"`)).toEqual([
      expect.objectContaining({
        line: 6,
        column: 16,
        field: "authors[0].name",
        code: "xml-char",
        message: expect.stringContaining("unpaired surrogate (U+D800)"),
      }),
    ]);
    expect(only(`${OK}tags: [ok, "bad\u000b"]`)).toEqual([
      expect.objectContaining({ line: 5, column: 16, field: "tags[1]", code: "xml-char" }),
    ]);
  });

  it("keeps dates as written on the full parser's path too (anchors force it)", () => {
    const result = loadArticles({
      "articles/a.md": article(
        "title: &t Harbor\nsummary: *t\npublished: 2026-01-01T09:00:00+09:00\nupdated: !!str 2026-01-02T09:00:00+09:00\nsection: world",
      ),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.articles[0]).toMatchObject({
      summary: "Harbor",
      published: "2026-01-01T09:00:00+09:00",
      updated: "2026-01-02T09:00:00+09:00",
    });
  });

  it("front matter that is a list or a scalar is an error at its first line", () => {
    expect(only("- title: T")).toEqual([
      expect.objectContaining({ line: 2, column: 1, code: "front-matter.not-mapping" }),
    ]);
  });
});

describe("site.yaml problems", () => {
  const SITE = [
    "title: Site",
    "description: D",
    "baseUrl: https://feeds.example/news",
    "articleUrl: https://www.example/{year}/{slug}",
    "language: en",
    "tagAuthority: example.com",
    "publisher:",
    "  name: P",
    "  url: https://www.example/",
    "  logo:",
    "    url: https://www.example/logo.png",
    "    width: wide",
    "    height: 60",
    "sections:",
    "  World News:",
    "    title: World",
    "",
  ].join("\n");

  it("are positioned in site.yaml and block every article", () => {
    const result = loadContent([file("site.yaml", SITE), file("articles/a.md", article(OK))], { now: NOW });
    expect(result.ok).toBe(false);
    expect(result.site).toBeUndefined();
    expect(result.articles).toEqual([]);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.field, d.code])).toEqual([
      ["site.yaml", 3, 1, "baseUrl", "schema.pattern"],
      ["site.yaml", 4, 33, "articleUrl", "site.url-placeholder"],
      ["site.yaml", 12, 5, "publisher.logo.width", "schema.type"],
      ["site.yaml", 15, 3, "sections.World News", "schema.property-name"],
    ]);
    expect(result.diagnostics[0]?.message).toBe("must end with '/': 'https://feeds.example/news/'");
    expect(result.diagnostics[1]?.message).toContain("unknown placeholder {year}");
    expect(result.diagnostics[3]?.message).toContain("e.g. 'world-news'");
  });
});
