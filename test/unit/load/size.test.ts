import { describe, expect, it } from "vitest";
import { MAX_ARTICLE_BYTES } from "../../../functions/core/load.js";
import { article, brief, loadArticles } from "./helpers.js";

const encoder = new TextEncoder();
const FIELDS = "title: A long read\npublished: 2026-01-01T00:00:00Z\nsection: world";

/** A valid article of exactly `size` bytes: paragraphs of ASCII prose, padded at the end. */
function articleOfSize(size: number): Uint8Array {
  const head = article(FIELDS, "");
  const paragraph = `${"The harbour stayed quiet while the talks went on. ".repeat(20).trim()}\n\n`;
  const room = size - encoder.encode(head).length - 1;
  const body = paragraph.repeat(Math.floor(room / paragraph.length));
  const text = `${head}${body}${"x".repeat(room - body.length)}\n`;
  const bytes = encoder.encode(text);
  expect(bytes.length).toBe(size);
  return bytes;
}

describe("article size limit", () => {
  it("is 1 MiB", () => {
    expect(MAX_ARTICLE_BYTES).toBe(1024 * 1024);
  });

  it("accepts an article of exactly the limit, and one just under it", () => {
    for (const size of [MAX_ARTICLE_BYTES, MAX_ARTICLE_BYTES - 1]) {
      const result = loadArticles({ "articles/long.md": articleOfSize(size) });
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.articles.map((a) => a.slug)).toEqual(["long"]);
    }
  });

  it("refuses an article one byte over the limit, at 1:1, naming the size, the limit and why", () => {
    const result = loadArticles({ "articles/long.md": articleOfSize(MAX_ARTICLE_BYTES + 1) });
    expect(result.diagnostics.map(brief)).toEqual([
      { severity: "error", line: 1, column: 1, code: "file.too-large", field: undefined },
    ]);
    const message = result.diagnostics[0]?.message ?? "";
    expect(message).toContain("1.0 MiB (1048577 bytes)");
    expect(message).toContain("limit of 1 MiB (1048576 bytes)");
    expect(message).toMatch(/feeds carry the full text.*memory/);
    expect(result.ok).toBe(false);
    expect(result.articles).toEqual([]);
  });

  it("counts bytes, not characters", () => {
    const text = article(FIELDS, "é".repeat(MAX_ARTICLE_BYTES / 2));
    expect(text.length).toBeLessThan(MAX_ARTICLE_BYTES);
    const result = loadArticles({ "articles/accents.md": text });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["file.too-large"]);
  });

  it("is checked before decoding and parsing: a huge broken file has only that error", () => {
    const size = 44 * 1024 * 1024;
    const bytes = new Uint8Array(size).fill(0x61);
    bytes.set(encoder.encode("---\ntitle: broken: yaml\n"), 0);
    bytes[100] = 0xe9; // not UTF-8
    const result = loadArticles({ "articles/huge.md": bytes, "articles/huge-too.md": bytes });
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.code])).toEqual([
      ["articles/huge-too.md", 1, 1, "file.too-large"],
      ["articles/huge.md", 1, 1, "file.too-large"],
    ]);
    expect(result.diagnostics[0]?.message).toContain("44.0 MiB (46137344 bytes)");
  });
});
