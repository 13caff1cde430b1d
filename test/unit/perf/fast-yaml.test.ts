/**
 * The fast front-matter parser with its line table measured once, against the reference copy: the
 * same value, and the same documents left to the full parser (undefined), on generated YAML.
 * (test/unit/load/fast-yaml.test.ts checks the values against the `yaml` package.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSimpleYaml } from "../../../functions/core/load/fast-yaml.js";
import { parseSimpleYaml as reference } from "./reference/fast-yaml.js";

const same = (text: string) => {
  expect(JSON.stringify(parseSimpleYaml(text)) ?? "undefined").toBe(
    JSON.stringify(reference(text)) ?? "undefined",
  );
};

const key = fc.constantFrom("title", "slug", "a", "b_c", "d-e", "true", "null", "x1", "tags", "image", "_k");
const scalar = fc.oneof(
  fc.constantFrom(
    "plain text",
    '"quoted: yes"',
    "'single ''q'''",
    '"esc \\" \\\\ \\n \\u00e9"',
    "2026-11-02T08:15:00-05:00",
    "12",
    "-3",
    "1.5",
    "0x1F",
    "true",
    "~",
    "null",
    "",
    "[a, b, 'c d']",
    "[]",
    "a # comment",
    "a#b",
    "- x",
    "x: y",
    "東京",
    "🎉",
    "|",
    ">-",
    "&anchor x",
    "*alias",
    "!tag x",
  ),
  fc.string({ unit: "binary", maxLength: 10 }),
);
const pad = fc.constantFrom("", " ", "  ", "    ", "\t");
const line = fc.oneof(
  fc.tuple(pad, key, scalar).map(([p, k, v]) => `${p}${k}: ${v}`),
  fc.tuple(pad, key).map(([p, k]) => `${p}${k}:`),
  fc.tuple(pad, scalar).map(([p, v]) => `${p}- ${v}`),
  fc.tuple(pad, key, scalar).map(([p, k, v]) => `${p}- ${k}: ${v}`),
  fc.tuple(pad, fc.string({ maxLength: 12 })).map(([p, v]) => `${p}${v}`),
  fc.constantFrom("", "# comment", "  # indented comment", "   ", "---"),
);
const document = fc
  .tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom("\n", "\r\n"), fc.boolean())
  .map(([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ""));

/** Front matter as articles write it, with nested sequences of mappings and block scalars. */
const frontMatter = fc
  .tuple(
    fc.constantFrom("", "slug: quake\n"),
    fc.constantFrom(
      "",
      "authors:\n  - name: Dana\n    url: https://x.example/d\n",
      "authors: [{ name: A }]\n",
    ),
    fc.constantFrom("", "tags: [a, b]\n", "tags:\n  - a\n  - b\n", "tags:\n- a\n- b\n"),
    fc.constantFrom("", "summary: |\n  Line one.\n\n  Line two.\n", "summary: >-\n  Folded\n  text.\n"),
    fc.constantFrom("", "image:\n  url: https://img.example/a.jpg\n  width: 1200\n  # note\n  height: 800\n"),
  )
  .map(([a, b, c, d, e]) => `title: "Quake"\npublished: 2026-11-02T08:15:00-05:00\n${a}${b}${c}${d}${e}`);

describe("parseSimpleYaml against the reference", () => {
  it("gives the same value or bails on the same generated documents", () => {
    fc.assert(fc.property(document, same), { numRuns: 5000 });
  });

  it("gives the same value on front matter as articles write it", () => {
    fc.assert(fc.property(frontMatter, same), { numRuns: 500 });
  });

  it("takes the fast path on typical front matter", () => {
    const text =
      "title: Quake\npublished: 2026-11-02T08:15:00-05:00\nauthors:\n  - name: Dana\n    url: https://x.example/d\ntags: [a, b]\n";
    expect(parseSimpleYaml(text)).toEqual(reference(text));
    expect(parseSimpleYaml(text)).toBeDefined();
  });
});
