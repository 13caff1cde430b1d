import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { article, loadArticles } from "./helpers.js";

const lineCount = (bytes: Uint8Array) => bytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);

describe("hostile input", () => {
  it("never throws on arbitrary bytes, and positions every problem inside the file", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = loadArticles({ "articles/x.md": bytes });
        for (const d of result.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          if (d.file === "articles/x.md") expect(d.line).toBeLessThanOrEqual(lineCount(bytes));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary front matter, and an ok result only lists well-formed articles", () => {
    const piece = fc.constantFrom(
      "title: ",
      "published: ",
      "section: ",
      "tags: ",
      "image:\n  url: ",
      "authors:\n  - name: ",
      "\n",
      " ",
      ":",
      "-",
      '"',
      "'",
      "[",
      "]",
      "{",
      "}",
      "#",
      "&a",
      "*a",
      "!!str ",
      "|",
      ">",
      "\t",
      "\u0007",
      "\uFEFF",
      "東京",
      "2026-01-01T00:00:00Z",
      "2026-01-01",
      "world",
      "https://x.example/a.png",
      "null",
      "true",
      "12",
      "\r\n",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.string({ maxLength: 40 }), (pieces, body) => {
        const text = article(
          `title: T\npublished: 2026-01-01T00:00:00Z\nsection: world\n${pieces.join("")}`,
          body,
        );
        const result = loadArticles({ "articles/x.md": text });
        for (const d of result.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(text.split("\n").length);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
        if (result.ok) {
          for (const a of [...result.articles, ...result.drafts, ...result.scheduled]) {
            expect(typeof a.title).toBe("string");
            expect(Number.isFinite(a.publishedMs)).toBe(true);
            expect(a.published).toMatch(/(Z|[+-]\d\d:\d\d)$/);
          }
        } else {
          expect(result.articles).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
