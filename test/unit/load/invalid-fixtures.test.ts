import { describe, expect, it } from "vitest";
import { brief, loadInvalid } from "./helpers.js";

type Expected = {
  severity?: "error" | "warning";
  line: number;
  column: number;
  field?: string;
  code: string;
  message: RegExp;
};

// Each fixture breaks one thing; the diagnostic must name the exact line, column and field.
const CASES: [string, Expected[]][] = [
  [
    "missing-title.md",
    [
      {
        line: 1,
        column: 1,
        field: "title",
        code: "schema.required",
        message: /missing required field 'title'/,
      },
    ],
  ],
  [
    "date-without-offset.md",
    [
      {
        line: 4,
        column: 1,
        field: "published",
        code: "schema.date-time",
        message: /^must include a UTC offset, e\.g\. 2026-11-27T09:30:00\+09:00/,
      },
    ],
  ],
  [
    "date-only.md",
    [
      {
        line: 4,
        column: 1,
        field: "published",
        code: "schema.date-time",
        message: /not just a date \('2026-03-14'\)/,
      },
    ],
  ],
  [
    "title-not-text.md",
    [
      {
        line: 2,
        column: 1,
        field: "title",
        code: "schema.type",
        message: /must be text, not the number 2026 — put it in quotes/,
      },
    ],
  ],
  [
    "unknown-field-titel.md",
    [
      {
        line: 2,
        column: 1,
        field: "titel",
        code: "schema.unknown-field",
        message: /^unknown field 'titel' — did you mean 'title'\?$/,
      },
    ],
  ],
  [
    "nested-author-url.md",
    [
      {
        line: 9,
        column: 5,
        field: "authors[1].url",
        code: "schema.pattern",
        message: /did you mean 'https:\/\/www\.fixture\.example\/second'/,
      },
    ],
  ],
  ["yaml-syntax-error.md", [{ line: 2, column: 8, code: "yaml.syntax", message: /must be quoted/ }]],
  ["unclosed-quote.md", [{ line: 3, column: 10, code: "yaml.syntax", message: /quote is never closed/ }]],
  ["not-utf8.md", [{ line: 2, column: 11, code: "encoding", message: /not valid UTF-8 \(byte 0xE9\)/ }]],
  [
    "control-char-in-title.md",
    [{ line: 2, column: 12, field: "title", code: "xml-char", message: /U\+0007/ }],
  ],
  ["empty-body.md", [{ line: 6, column: 1, field: "body", code: "body.empty", message: /no text/ }]],
  [
    "missing-front-matter.md",
    [{ line: 1, column: 1, code: "front-matter.missing", message: /must start with a line '---'/ }],
  ],
  [
    "unterminated-front-matter.md",
    [{ line: 1, column: 1, code: "front-matter.unterminated", message: /never closed/ }],
  ],
  [
    "updated-before-published.md",
    [
      {
        line: 4,
        column: 1,
        field: "updated",
        code: "date.updated-before-published",
        message: /earlier than published/,
      },
    ],
  ],
  [
    "unknown-section.md",
    [{ line: 4, column: 10, field: "section", code: "section.unknown", message: /did you mean 'science'\?/ }],
  ],
  [
    "image-unknown-type.md",
    [
      {
        severity: "warning",
        line: 5,
        column: 1,
        field: "image",
        code: "image.size",
        message: /width and height/,
      },
      { line: 6, column: 3, field: "image.url", code: "image.type", message: /'\.tiff'.*add 'type:'/ },
    ],
  ],
  [
    "image-too-small.md",
    [
      {
        severity: "warning",
        line: 8,
        column: 3,
        field: "image.width",
        code: "image.small",
        message: /200×100 \(20000 pixels\).*at least 50,000 pixels/,
      },
    ],
  ],
  [
    "headline-too-long.md",
    [
      {
        severity: "warning",
        line: 2,
        column: 1,
        field: "title",
        code: "headline-too-long",
        message: /130 characters/,
      },
    ],
  ],
  [
    "unsafe-link-in-body.md",
    [{ line: 9, column: 36, field: "body", code: "body.unsafe-url", message: /javascript:/ }],
  ],
  [
    "missing-section-for-url.md",
    [{ line: 1, column: 1, field: "section", code: "url.section-required", message: /uses \{section\}/ }],
  ],
];

describe("invalid fixtures", () => {
  it.each(CASES)("%s is reported at the right place", (name, expected) => {
    const result = loadInvalid(name);
    expect(result.diagnostics.map(brief)).toEqual(
      expected.map((e) => ({
        severity: e.severity ?? "error",
        line: e.line,
        column: e.column,
        code: e.code,
        field: e.field,
      })),
    );
    result.diagnostics.forEach((d, i) => {
      expect(d.file).toBe(`articles/${name}`);
      expect(d.message).toMatch(expected[i]!.message);
    });
    const errors = expected.some((e) => (e.severity ?? "error") === "error");
    expect(result.ok).toBe(!errors);
    // A file with an error is never publishable.
    if (errors) expect(result.articles).toEqual([]);
  });

  it("reports a duplicate slug on both files, each naming the other", () => {
    const result = loadInvalid("duplicate-slug-a.md", "duplicate-slug-b.md");
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.field, d.code, d.message])).toEqual([
      [
        "articles/duplicate-slug-a.md",
        3,
        1,
        "slug",
        "duplicate-slug",
        expect.stringContaining("also used by articles/duplicate-slug-b.md"),
      ],
      [
        "articles/duplicate-slug-b.md",
        5,
        1,
        "slug",
        "duplicate-slug",
        expect.stringContaining("also used by articles/duplicate-slug-a.md"),
      ],
    ]);
    expect(result.articles).toEqual([]);
  });

  it("reports a duplicate slug even when that file has another error", () => {
    const result = loadInvalid("duplicate-slug-a.md", "duplicate-slug-bad-date.md");
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.field, d.code, d.message])).toEqual([
      [
        "articles/duplicate-slug-a.md",
        3,
        1,
        "slug",
        "duplicate-slug",
        expect.stringContaining("'same-slug' is also used by articles/duplicate-slug-bad-date.md;"),
      ],
      [
        "articles/duplicate-slug-bad-date.md",
        4,
        1,
        "slug",
        "duplicate-slug",
        expect.stringContaining("'same-slug' is also used by articles/duplicate-slug-a.md;"),
      ],
      [
        "articles/duplicate-slug-bad-date.md",
        5,
        1,
        "published",
        "schema.date-time",
        expect.stringMatching(/^must include a UTC offset/),
      ],
    ]);
    expect(result.articles).toEqual([]);
  });

  it("names every other file when three articles share a slug, one of them invalid", () => {
    const result = loadInvalid("duplicate-slug-a.md", "duplicate-slug-b.md", "duplicate-slug-bad-date.md");
    const duplicates = result.diagnostics.filter((d) => d.code === "duplicate-slug");
    expect(duplicates.map((d) => [d.file, d.line, d.column, d.message.split(";")[0]])).toEqual([
      [
        "articles/duplicate-slug-a.md",
        3,
        1,
        "slug 'same-slug' is also used by articles/duplicate-slug-b.md, articles/duplicate-slug-bad-date.md",
      ],
      [
        "articles/duplicate-slug-b.md",
        5,
        1,
        "slug 'same-slug' is also used by articles/duplicate-slug-a.md, articles/duplicate-slug-bad-date.md",
      ],
      [
        "articles/duplicate-slug-bad-date.md",
        4,
        1,
        "slug 'same-slug' is also used by articles/duplicate-slug-a.md, articles/duplicate-slug-b.md",
      ],
    ]);
    expect(result.diagnostics).toHaveLength(4);
  });

  it("reports a duplicate id even when that file has another error", () => {
    const result = loadInvalid("duplicate-id-a.md", "duplicate-id-missing-title.md");
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.field, d.code, d.message])).toEqual([
      [
        "articles/duplicate-id-a.md",
        3,
        1,
        "id",
        "duplicate-id",
        expect.stringContaining(
          "'tag:fixture.example,2026:same-story' is also used by articles/duplicate-id-missing-title.md;",
        ),
      ],
      [
        "articles/duplicate-id-missing-title.md",
        1,
        1,
        "title",
        "schema.required",
        expect.stringContaining("missing required field 'title'"),
      ],
      [
        "articles/duplicate-id-missing-title.md",
        4,
        1,
        "id",
        "duplicate-id",
        expect.stringContaining(
          "'tag:fixture.example,2026:same-story' is also used by articles/duplicate-id-a.md;",
        ),
      ],
    ]);
    expect(result.articles).toEqual([]);
  });

  it("reports every problem of every file in one pass", () => {
    const names = CASES.map(([name]) => name);
    const result = loadInvalid(...names);
    const files = new Set(result.diagnostics.map((d) => d.file));
    expect(files.size).toBe(names.length);
    expect(result.diagnostics.length).toBe(CASES.reduce((n, [, e]) => n + e.length, 0));
  });
});
