import { describe, expect, it } from "vitest";
import { diagnosticsToJson, formatDiagnostics, summarize } from "../../../functions/core/diagnostics.js";
import type { Diagnostic } from "../../../functions/core/model.js";
import { article, loadArticles } from "./helpers.js";

const d = (file: string, line: number, severity: Diagnostic["severity"], field?: string): Diagnostic => ({
  severity,
  file,
  line,
  column: 1,
  code: "x",
  message: `problem on ${line}`,
  ...(field ? { field } : {}),
});

describe("formatDiagnostics", () => {
  it("prints one path:line:column line per problem, sorted by file and line, then a summary", () => {
    const text = formatDiagnostics([
      d("articles/b.md", 3, "error", "published"),
      d("articles/a.md", 10, "warning", "title"),
      d("articles/a.md", 2, "error"),
    ]);
    expect(text).toBe(
      [
        "articles/a.md:2:1  problem on 2",
        "articles/a.md:10:1  title  warning: problem on 10",
        "articles/b.md:3:1  published  problem on 3",
        "2 errors, 1 warning in 2 files",
        "",
      ].join("\n"),
    );
  });

  it("maps paths for the terminal and colours only when asked", () => {
    const text = formatDiagnostics([d("articles/a.md", 1, "error", "title")], {
      pathFor: (f) => `content/${f}`,
    });
    expect(text.startsWith("content/articles/a.md:1:1  title  ")).toBe(true);
    expect(text).not.toContain("\x1b[");
    expect(formatDiagnostics([d("a.md", 1, "error")], { color: true })).toContain("\x1b[31m");
  });

  it("keeps each problem on one line", () => {
    const text = formatDiagnostics([{ ...d("a.md", 1, "error"), message: "two\nlines" }]);
    expect(text.split("\n")[0]).toBe("a.md:1:1  two lines");
  });

  it("summarizes counts with plurals", () => {
    expect(summarize([])).toBe("no problems");
    expect(summarize([d("a", 1, "error")])).toBe("1 error, 0 warnings in 1 file");
  });
});

describe("diagnosticsToJson", () => {
  it("is a stable, versioned document with counts, scheduled articles and sorted diagnostics", () => {
    const result = loadArticles(
      {
        "articles/z.md": article("title: Z\npublished: 2026-01-01\nsection: world"),
        "articles/next.md": article("title: N\npublished: 2027-01-01T09:00:00+09:00\nsection: world"),
      },
      new Date("2026-06-01T00:00:00Z"),
    );
    const json = diagnosticsToJson(result, { pathFor: (f) => `content/${f}` });
    expect(json).toEqual({
      version: 1,
      ok: false,
      counts: { errors: 1, warnings: 1, articles: 0, scheduled: 1, drafts: 0 },
      nextScheduledAt: "2027-01-01T09:00:00+09:00",
      scheduled: [
        {
          file: "articles/next.md",
          slug: "next",
          id: "tag:fixture.example,2027-01-01:articles/next",
          published: "2027-01-01T09:00:00+09:00",
        },
      ],
      diagnostics: [
        {
          severity: "warning",
          file: "articles/next.md",
          path: "content/articles/next.md",
          line: 3,
          column: 1,
          field: "published",
          code: "scheduled",
          message: "scheduled for 2027-01-01T09:00:00+09:00; it will be published then",
        },
        {
          severity: "error",
          file: "articles/z.md",
          path: "content/articles/z.md",
          line: 3,
          column: 1,
          field: "published",
          code: "schema.date-time",
          message: expect.stringContaining("not just a date"),
        },
      ],
    });
    // Round-trips through JSON unchanged (no undefined, no class instances).
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
