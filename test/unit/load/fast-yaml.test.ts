import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseSimpleYaml } from "../../../functions/core/load/fast-yaml.js";

const full = (text: string) => parse(text, { schema: "core" });

const TYPICAL = `title: "Harbor cranes idle as dockworkers weigh offer"
slug: harbor-cranes-idle
published: 2026-03-14T06:45:00-05:00 # dateline time
dateline: BALTIMORE
authors:
  - name: Mara Quill
    url: https://www.harborwire.example/staff/mara-quill
  -   name: 'Teodor O''Vance'
editor:
  name: Ines Halloway
tags: [ports, labor, "shipping, global", 2026]
keywords:
- one
- two
summary: >-
  Container terminals slowed on Saturday

  as union members reviewed an offer.
notes: |
  line one
    indented
image:
  url: https://img.harborwire.example/2026/cranes.jpg
  width: 1600
  height: 0900
draft: false
empty:
tilde: ~
`;

describe("parseSimpleYaml", () => {
  it("takes the fast path on typical front matter and matches the yaml package", () => {
    const fast = parseSimpleYaml(TYPICAL);
    expect(fast).toBeDefined();
    expect(fast).toEqual(full(TYPICAL));
    expect(fast?.published).toBe("2026-03-14T06:45:00-05:00");
  });

  it.each([
    ["anchor", "a: &x 1\nb: *x\n"],
    ["tag", "a: !!str 1\n"],
    ["multi-line plain", "title: one\n  two\n"],
    ["duplicate key", "a: 1\na: 2\n"],
    ["tab", "a:\tb\n"],
    ["control character", "a: b\u0007\n"],
    ["nested compact mapping", "a: b: c\n"],
    ["float", "a: 1.5\n"],
    ["hex", "a: 0x1F\n"],
    ["flow mapping", "a: {b: 1}\n"],
    ["unterminated quote", 'a: "b\n'],
    ["keep chomping", "a: |+\n  b\n"],
    ["unknown escape", 'a: "\\x41"\n'],
    ["top-level sequence", "- a\n"],
    ["bad indentation", "a: 1\n  b: 2\n"],
    ["null key", "null: 1\n"],
  ])("leaves %s to the full parser", (_name, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  const piece = fc.constantFrom(
    "a",
    "Z",
    "0",
    "1",
    "9",
    " ",
    "  ",
    ":",
    ": ",
    "#",
    " #",
    "'",
    '"',
    "\\",
    "-",
    "- ",
    "[",
    "]",
    ",",
    "{",
    "}",
    "|",
    ">",
    "~",
    ".",
    "e",
    "+",
    "!",
    "&",
    "*",
    "%",
    "@",
    "`",
    "?",
    "\t",
    "\r",
    "\u0007",
    "é",
    "東京",
    "😀",
    "\u2028",
    "null",
    "true",
    "0x",
    "0o7",
    ".inf",
    "2026-03-14T06:45:00+09:00",
    "http://x.example/a?b#c",
  );
  const benign = fc.constantFrom(
    "a",
    "Z",
    "0",
    "7",
    " ",
    "-",
    ":",
    "#",
    "'",
    '"',
    "\\",
    ".",
    "é",
    "東京",
    "😀",
    "x y",
  );
  const raw = fc.oneof(
    fc.array(piece, { minLength: 0, maxLength: 6 }).map((parts) => parts.join("")),
    fc.array(benign, { minLength: 1, maxLength: 8 }).map((parts) => parts.join("")),
  );
  const scalar = fc.oneof(
    raw,
    raw.map((s) => `'${s.replace(/'/g, "''")}'`),
    raw.map((s) => JSON.stringify(s)),
    fc.integer().map(String),
  );
  const comment = fc.constantFrom("", " # note", "  #x", "#y");
  const key = fc.constantFrom("title", "slug", "a", "b_c", "d-e", "true", "x1", "tags", "image");

  function render(indent: number, depth: number): fc.Arbitrary<string> {
    const pad = " ".repeat(indent);
    const entry: fc.Arbitrary<string> = fc.oneof(
      fc.tuple(key, scalar, comment).map(([k, v, c]) => `${pad}${k}: ${v}${c}\n`),
      fc.tuple(key, fc.array(scalar, { maxLength: 3 })).map(([k, vs]) => `${pad}${k}: [${vs.join(", ")}]\n`),
      fc
        .tuple(key, fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 3 }))
        .map(([k, vs, n]) => `${pad}${k}:\n${vs.map((v) => `${pad}${" ".repeat(n)}- ${v}\n`).join("")}`),
      fc
        .tuple(
          key,
          fc.constantFrom("|", "|-", ">", ">-", "|+", ">2"),
          fc.array(raw, { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 1, max: 3 }),
        )
        .map(
          ([k, h, ls, n]) =>
            `${pad}${k}: ${h}\n${ls.map((l) => (l ? `${pad}${" ".repeat(n)}${l}` : "")).join("\n")}\n`,
        ),
      depth > 0
        ? fc
            .tuple(key, fc.integer({ min: 1, max: 3 }))
            .chain(([k, n]) => render(indent + n, depth - 1).map((inner) => `${pad}${k}:\n${inner}`))
        : fc.constant(`${pad}leaf: x\n`),
      depth > 0
        ? fc.tuple(key, fc.integer({ min: 0, max: 2 })).chain(([k, n]) =>
            fc.array(render(0, depth - 1), { minLength: 1, maxLength: 2 }).map(
              (items) =>
                `${pad}${k}:\n${items
                  .map((item) =>
                    item
                      .split("\n")
                      .filter((l) => l !== "")
                      .map((l, i) => `${pad}${" ".repeat(n)}${i === 0 ? "- " : "  "}${l}`)
                      .join("\n"),
                  )
                  .join("\n")}\n`,
            ),
          )
        : fc.constant(`${pad}leaf2: y\n`),
      fc.constant(`${pad}# comment line\n`),
      fc.constant("\n"),
    );
    return fc.array(entry, { minLength: 1, maxLength: 5 }).map((es) => es.join(""));
  }

  it("agrees with the yaml package whenever it accepts a document", () => {
    let accepted = 0;
    fc.assert(
      fc.property(render(0, 2), (text) => {
        const fast = parseSimpleYaml(text);
        if (fast === undefined) return;
        accepted++;
        let expected: unknown;
        try {
          expected = full(text);
        } catch (error) {
          throw new Error(`fast path accepted a document yaml rejects: ${JSON.stringify(text)}: ${error}`);
        }
        expect(fast, JSON.stringify(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    // The comparison is only meaningful if the fast path takes a good share of documents.
    expect(accepted).toBeGreaterThan(200);
  });
});
