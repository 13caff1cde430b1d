/**
 * The hot path's fast functions against the implementations they replace (test/unit/perf/reference/,
 * frozen copies) and against markdown-it's own rules, on generated input that includes CJK, emoji,
 * lone surrogates, C0/C1 controls, CR/CRLF, tabs and hostile Markdown.
 */
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { countWords, renderBody } from "../../../functions/core/markdown.js";
import { fastBlockState, NORMALIZED, normalize } from "../../../functions/core/render/body/block-state.js";
import { scanText } from "../../../functions/core/render/body/text-rule.js";
import { findXmlForbidden, isPlainXmlText } from "../../../functions/core/render/xml-chars.js";
import { hostileCorpus } from "./hostile-corpus.js";
import { renderBody as referenceRenderBody } from "./reference/markdown.js";
import { countWords as referenceCountWords } from "./reference/word-count.js";

const options = { html: true, linkify: false, typographer: false } as const;
const stock = new MarkdownIt("default", options);
const fast = new MarkdownIt("default", options);
fast.inline.ruler.at("text", scanText);
fast.block.State = fastBlockState(fast.block.State);
fast.core.ruler.at("normalize", normalize);

/** Characters that break parsers and counters: controls, CR, tabs, surrogates, CJK, emoji, marks. */
const hostileChar = fc.constantFrom(
  "\t",
  "\r",
  "\r\n",
  "\n",
  " ",
  "\u0000",
  "\u0001",
  "\u000b",
  "\u001f",
  "\u007f",
  "\u0080",
  "\u0085",
  "\u009f",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffe",
  "\uffff",
  "\ud800",
  "\udfff",
  "\udbff\udfff",
  "🎉",
  "👩🏽‍🔬",
  "𝕏",
  "𠮷",
  "東京",
  "カタカナ",
  "ひらがな",
  "한국어",
  "مرحبا",
  "é",
  "e\u0301",
  "’",
  "'",
  "-",
  ".",
  "3.5",
  "don't",
  "e-mail",
  "٣",
  "Ⅻ",
  "ß",
);

/** Markdown-heavy pieces: every inline terminator, block starters, links, raw HTML, entities. */
const markdownPiece = fc.oneof(
  hostileChar,
  fc.constantFrom(
    ..."!#$%&*+-:<=>@[\\]^_`{}~ ()\"'./;?|",
    "word ",
    "Quake hits ",
    "  ",
    "    ",
    "\t- ",
    "\n\n",
    "- ",
    "* ",
    "1. ",
    "> ",
    "## ",
    "```\n",
    "~~~\n",
    "---\n",
    "===\n",
    "| a | b |\n|---|--:|\n| 1 | 2 |\n",
    "](x)",
    "![i](p.png)",
    "[l](https://e.example/a_b)",
    "[rel](../up?q=1&r=2#frag)",
    "[bad](javascript:alert(1))",
    "[data](data:text/html,x)",
    "![img](data:image/png;base64,AA)",
    "[ref]: /u\n",
    "[ref]",
    "<https://a.example>",
    "<b>",
    "</b>",
    "<script>x</script>",
    '<div onclick="x()">block</div>\n',
    "<!-- c -->",
    "&amp;",
    "&#x41;",
    "&bogus;",
    "\\*",
    "**b**",
    "_i_",
    "`c`",
    "~~s~~",
  ),
  fc.string({ unit: "binary", maxLength: 6 }),
);

const markdown = fc.array(markdownPiece, { maxLength: 80 }).map((parts) => parts.join(""));

const decoder = new TextDecoder();
const corpusBodies = hostileCorpus(40).map((file) => decoder.decode(file.bytes));

function blockState(md: MarkdownIt, src: string) {
  const state = new md.block.State(src, md, {}, []);
  return {
    bMarks: state.bMarks,
    eMarks: state.eMarks,
    tShift: state.tShift,
    sCount: state.sCount,
    bsCount: state.bsCount,
    lineMax: state.lineMax,
    src: state.src,
    line: state.line,
    blkIndent: state.blkIndent,
    tight: state.tight,
    ddIndent: state.ddIndent,
    listIndent: state.listIndent,
    parentType: state.parentType,
    level: state.level,
  };
}

describe("block state: markdown-it's line table", () => {
  it("equals markdown-it's on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(markdown, fc.string({ unit: "binary", maxLength: 200 })), (src) => {
        expect(blockState(fast, src)).toEqual(blockState(stock, src));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    "",
    "a",
    "\n",
    "a\n",
    "  ",
    " \t ",
    "a\n  ",
    "a\n \t",
    "a\n  \n",
    "\t\tx\n   y\n\n \n",
    "x\n\n\n",
  ])("equals markdown-it's on %j", (src) => {
    expect(blockState(fast, src)).toEqual(blockState(stock, src));
  });
});

describe("normalize core rule", () => {
  const run = (src: string, env: object) => {
    const state = new fast.core.State(src, fast, env);
    normalize(state);
    return state.src;
  };
  const reference = (src: string) => {
    const state = new stock.core.State(src, stock, {});
    const rule = stock.core.ruler.getRules("")[0];
    expect(rule?.name).toBe("normalize");
    rule?.(state);
    return state.src;
  };

  it("gives markdown-it's source on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(markdown, fc.string({ unit: "binary", maxLength: 100 })), (src) => {
        expect(run(src, {})).toBe(reference(src));
      }),
      { numRuns: 2000 },
    );
  });

  it("is skipped only where renderBody's scan says there is nothing to normalise", () => {
    fc.assert(
      fc.property(fc.oneof(markdown, fc.string({ unit: "binary", maxLength: 100 })), (src) => {
        if (isPlainXmlText(src)) {
          expect(run(src, { [NORMALIZED]: true })).toBe(reference(src));
          expect(findXmlForbidden(src)).toEqual([]);
          expect(src).not.toMatch(/[\r\0]/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fast markdown-it (text rule, block state, normalize) against stock markdown-it", () => {
  const same = (source: string) => {
    const env = isPlainXmlText(source) ? { [NORMALIZED]: true } : {};
    expect(JSON.stringify(fast.parse(source, env))).toBe(JSON.stringify(stock.parse(source, {})));
    expect(fast.render(source)).toBe(stock.render(source));
  };

  it("gives the same tokens and HTML on generated Markdown", () => {
    fc.assert(fc.property(markdown, same), { numRuns: 2000 });
  });

  it("gives the same tokens and HTML on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), same), { numRuns: 1000 });
  });

  it("gives the same tokens and HTML on the generated and hostile corpus", () => {
    for (const body of corpusBodies) same(body);
  });
});

describe("renderBody against the reference renderer", () => {
  const urls = ["https://news.example/world/2026/quake", "not a url", "https://例え.jp/記事?q=1#f"];
  const same = (body: string, url: string) => {
    const fastResult = renderBody(body, url);
    const reference = referenceRenderBody(body, url);
    expect(fastResult.problems).toEqual(reference.problems);
    expect(fastResult.text).toBe(reference.text);
    expect(fastResult.wordCount).toBe(reference.wordCount);
    expect(fastResult.html).toBe(reference.html);
  };

  it("gives the same problems, text, word count and HTML on generated Markdown", () => {
    fc.assert(fc.property(markdown, fc.constantFrom(...urls), same), { numRuns: 1500 });
  });

  it("gives the same results on the generated and hostile corpus", () => {
    for (const body of corpusBodies) same(body, urls[0] as string);
  });

  it.each([
    "```\n```\n\nA\n\n![i](p.png)\n\n```\n```",
    "![only an image](p.png)\n\n    \n\n<b></b>\n\nend",
    "a  \nb\nc\n\n    code\n\n~~~\n\n~~~\n",
    "<script>x</script> after\n\n`code` and <style>s</style>text",
    "",
    "\n\n",
  ])("gives the same text for %j", (body) => same(body, urls[0] as string));

  it("gives the same results with CRLF line breaks and forbidden characters", () => {
    for (const body of corpusBodies.slice(0, 20)) {
      same(body.replace(/\n/g, "\r\n"), urls[0] as string);
      same(`\u0001${body}\ud800`, urls[0] as string);
    }
  });
});

describe("countWords against the reference", () => {
  const text = fc.oneof(
    fc.array(fc.oneof(hostileChar, fc.constantFrom("a", "Z", "9", " ", "\n", ",", "--", "..", "''")), {
      maxLength: 60,
    }),
    fc.array(fc.string({ unit: "binary", maxLength: 8 }), { maxLength: 20 }),
    fc.array(fc.string({ unit: "grapheme", maxLength: 8 }), { maxLength: 20 }),
  );

  it("counts the same words on generated text", () => {
    fc.assert(
      fc.property(text, (parts) => {
        const joined = parts.join("");
        expect(countWords(joined)).toBe(referenceCountWords(joined));
      }),
      { numRuns: 5000 },
    );
  });

  it("counts the same words for every BMP character and around it", () => {
    for (let c = 0; c < 0x10000; c += 1) {
      const ch = String.fromCharCode(c);
      for (const sample of [ch, `a${ch}b`, `${ch}${ch}`, `x${ch}`]) {
        if (countWords(sample) !== referenceCountWords(sample)) {
          expect({ c, sample, words: countWords(sample) }).toEqual({
            c,
            sample,
            words: referenceCountWords(sample),
          });
        }
      }
    }
  });
});
