import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, firstInvalidUtf8 } from "../../../functions/core/load/decode.js";
import { loadContent } from "../../../functions/core/load.js";
import { article, brief, file, loadArticles, siteFile } from "./helpers.js";

const FIELDS = "title: Café\npublished: 2026-01-01T00:00:00+01:00\nsection: world";

describe("decoding", () => {
  it("accepts a BOM and CRLF line endings, and positions problems on the right line", () => {
    const crlf = `\uFEFF${article(`${FIELDS}\nsummary: 5`)}`.replace(/\n/g, "\r\n");
    const result = loadArticles({ "articles/a.md": new TextEncoder().encode(crlf) });
    expect(result.diagnostics.map(brief)).toEqual([
      { severity: "error", line: 5, column: 1, code: "schema.type", field: "summary" },
    ]);
    const clean = loadArticles({
      "articles/a.md": new TextEncoder().encode(`\uFEFF${article(FIELDS)}`.replace(/\n/g, "\r\n")),
    });
    expect(clean.diagnostics).toEqual([]);
    expect(clean.articles[0]?.title).toBe("Café");
    expect(clean.articles[0]?.body).toBe("\r\nBody text.\r\n");
  });

  it("names the line and column of the first byte that is not UTF-8", () => {
    const bytes = new TextEncoder().encode(article(FIELDS, "Line one.\nLine two: 東京 ok \uFFFD\n"));
    // Replace the encoded U+FFFD (EF BF BD) with a lone Latin-1 byte.
    const at = bytes.findIndex((b, i) => b === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd);
    const broken = new Uint8Array([...bytes.subarray(0, at), 0xe9, ...bytes.subarray(at + 3)]);
    const result = loadArticles({ "articles/a.md": broken });
    // "Line two: 東京 ok " is 16 characters: the bad byte is the 17th.
    expect(result.diagnostics.map(brief)).toEqual([
      { severity: "error", line: 8, column: 17, code: "encoding", field: undefined },
    ]);
  });

  it("rejects overlong forms, surrogates and truncated sequences exactly as TextDecoder does", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) === bytes.length).toBe(valid);
        expect(decodeUtf8(bytes).ok).toBe(valid);
      }),
      { numRuns: 5000 },
    );
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      expect(firstInvalidUtf8(new Uint8Array([0x41, ...bad]))).toBe(1);
    }
  });

  it("reports a missing site.yaml and a site.yaml that is not UTF-8", () => {
    const missing = loadContent([file("articles/a.md", article(FIELDS))], { now: new Date() });
    expect(missing.ok).toBe(false);
    expect(missing.site).toBeUndefined();
    expect(missing.diagnostics.map((d) => [d.file, d.code])).toEqual([["site.yaml", "site.missing"]]);
    const latin1 = new Uint8Array([...siteFile().bytes, 0x23, 0x20, 0xa9, 0x0a]);
    const bad = loadContent([file("site.yaml", latin1)], { now: new Date() });
    expect(bad.diagnostics.map((d) => [d.file, d.code, d.column])).toEqual([["site.yaml", "encoding", 3]]);
  });
});
