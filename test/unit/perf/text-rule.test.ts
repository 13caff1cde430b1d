import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { scanText } from "../../../functions/core/render/body/text-rule.js";
import { hostileCorpus } from "./hostile-corpus.js";

const options = { html: true, linkify: false, typographer: false } as const;
const stock = new MarkdownIt("default", options);
const fast = new MarkdownIt("default", options);
fast.inline.ruler.at("text", scanText);

const same = (source: string) => {
  expect(JSON.stringify(fast.parse(source, {}))).toBe(JSON.stringify(stock.parse(source, {})));
  expect(fast.render(source)).toBe(stock.render(source));
};

// Markdown-heavy alphabet: every terminator, brackets, entities, emphasis, CJK, emoji, controls.
const piece = fc.constantFrom(
  ..."\n!#$%&*+-:<=>@[\\]^_`{}~ ()\"'./;?|",
  "a",
  "word ",
  "東京",
  "🎉",
  "\u0085",
  "\u202e",
  "](x)",
  "![i](p.png)",
  "[l](https://e.example/a_b)",
  "**b**",
  "_i_",
  "`c`",
  "<b>",
  "&amp;",
  "\\*",
  "\n\n",
  "- ",
  "1. ",
  "> ",
  "    ",
  "```\n",
  "<https://a.example>",
  "[ref]: /u\n",
  "[ref]",
  "~~s~~",
  "a~~",
);

describe("fast text rule", () => {
  it("gives markdown-it's tokens and HTML on arbitrary Markdown-like input", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }).map((parts) => parts.join("")),
        same,
      ),
      { numRuns: 2000 },
    );
  });

  it("gives markdown-it's tokens on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), same), { numRuns: 1000 });
  });

  it("gives markdown-it's tokens on the generated and hostile corpus", () => {
    const decoder = new TextDecoder();
    for (const file of hostileCorpus(40)) same(decoder.decode(file.bytes));
  });
});
