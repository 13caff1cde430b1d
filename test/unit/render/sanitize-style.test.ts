/**
 * `style` on table cells: sanitize.ts filters it itself (filterCellStyle) so that sanitize-html
 * never parses CSS with postcss. The reference is sanitize-html as configured before, with
 * `allowedStyles` and postcss: the filter must keep exactly what postcss kept, or drop the whole
 * attribute (never keep more, never keep something else).
 */
import fc from "fast-check";
import sanitizeHtml from "sanitize-html";
import { describe, expect, it } from "vitest";
import { renderBody } from "../../../functions/core/markdown.js";
import { filterCellStyle, sanitize } from "../../../functions/core/render/body/sanitize.js";

const ALIGN = [/^(?:left|right|center)$/];

/** The style sanitize-html + postcss kept on a <td>, or undefined when it dropped the attribute. */
function postcssStyle(style: string): string | undefined {
  const html = sanitizeHtml(`<td style="${escapeAttribute(style)}">x</td>`, {
    allowedTags: ["td"],
    allowedAttributes: { td: ["style"] },
    allowedStyles: { td: { "text-align": ALIGN } },
  });
  const match = /^<td(?: style="([^"]*)")?>x<\/td>$/.exec(html);
  if (!match) throw new Error(`unexpected output ${html}`);
  return match[1] === undefined ? undefined : decodeAttribute(match[1]);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** What the body sanitizer keeps of a <td style> (the whole pipeline, with transformTags). */
function sanitizedStyle(style: string): string | undefined {
  const html = sanitize(`<table><tr><td style="${escapeAttribute(style)}">x</td></tr></table>`, {
    base: undefined,
    report: undefined,
  });
  const match = /<td(?: style="([^"]*)")?>x<\/td>/.exec(html);
  if (!match) throw new Error(`unexpected output ${html}`);
  return match[1] === undefined ? undefined : decodeAttribute(match[1]);
}

// What Markdown tables and hand-written HTML tables carry: these must come out exactly as before.
const ORDINARY = [
  "text-align:left",
  "text-align:right",
  "text-align:center",
  "text-align: center",
  "text-align : right;",
  " text-align:left ; ",
  "text-align:\tcenter;\n",
  "text-align:center;color:red",
  "color: red; text-align: right",
  "text-align:left;text-align:right",
  "width: 10%; text-align: center; font-size: 12px",
  "text-align: justify",
  "TEXT-ALIGN: center",
  "text-align: CENTER",
  "color: red",
  "",
  ";;",
  "text-align:",
  "text-align: center left",
];

// Hostile or odd: the filter may drop the attribute where postcss kept something, never the reverse.
const HOSTILE = [
  "text-align:center !important",
  "text-align:center/**/",
  "/**/text-align:center",
  "text-align:/*x*/center",
  "text-align:center}td{color:red",
  "}text-align:center",
  "text-align:center;background:url(javascript:alert(1))",
  "text-align:center;background-image:url('x')",
  'text-align:"center"',
  "text-align:\\63 enter",
  "te\\78t-align:center",
  "text-align:expression(alert(1))",
  "text-align:center;behavior:url(x.htc)",
  "@import 'x';text-align:center",
  "text-align:center;-moz-binding:url(x)",
  "text-align\u000b:center",
  "text-align:\u00a0center",
  "text-align:center\u2028",
  "text-align",
  "text-align center",
  ":center",
  "text-align:center:left",
  "--x:1;text-align:center",
  "-:1;text-align:center",
  "text-align:center;{",
  "<script>alert(1)</script>",
  'text-align:center"><script>alert(1)</script>',
];

describe("filterCellStyle", () => {
  it.each(ORDINARY)("keeps what postcss kept: %j", (style) => {
    expect(filterCellStyle(style)).toBe(postcssStyle(style));
    expect(sanitizedStyle(style)).toBe(postcssStyle(style));
  });

  it.each(HOSTILE)("keeps nothing postcss would not: %j", (style) => {
    const kept = filterCellStyle(style);
    if (kept !== undefined) expect(kept).toBe(postcssStyle(style));
    const out = sanitizedStyle(style);
    if (out !== undefined)
      expect(out).toMatch(/^text-align:(?:left|right|center)(?:;text-align:(?:left|right|center))*$/);
  });

  it("never keeps more than, or other than, sanitize-html with postcss (property-based)", () => {
    const piece = fc.constantFrom(
      "text-align",
      "TEXT-ALIGN",
      "color",
      "--x",
      "-",
      ":",
      ";",
      " ",
      "\t",
      "\n",
      "\f",
      "\u000b",
      "\u00a0",
      "left",
      "right",
      "center",
      "red",
      "!important",
      "/*",
      "*/",
      "{",
      "}",
      "(",
      ")",
      "'",
      '"',
      "\\",
      "url(x)",
      "@",
      ",",
      ".",
      "#",
      "%",
      "+",
      "1",
    );
    const style = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(style, (s) => {
        const kept = filterCellStyle(s);
        return kept === undefined || kept === postcssStyle(s);
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps every well-formed list of declarations exactly as postcss did (property-based)", () => {
    const space = fc.constantFrom("", " ", "\t", "\n", "  ");
    const declaration = fc
      .tuple(
        space,
        fc.constantFrom("text-align", "color", "width", "Text-Align", "text-alignment"),
        space,
        space,
        fc.constantFrom("left", "right", "center", "red", "10%", "1.5", "#fff", "justify", "Left"),
        space,
      )
      .map(([a, property, b, c, value, d]) => `${a}${property}${b}:${c}${value}${d}`);
    const style = fc
      .tuple(fc.array(declaration, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([list, trailing]) => `${list.join(";")}${trailing ? ";" : ""}`);
    fc.assert(
      fc.property(style, (s) => filterCellStyle(s) === postcssStyle(s)),
      { numRuns: 1000 },
    );
  });
});

describe("sanitize: style attributes", () => {
  it("keeps Markdown's column alignment byte for byte", () => {
    const body = "<b>raw</b>\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n";
    const { html } = renderBody(body, "https://news.example/a");
    expect(html).toContain('<th style="text-align:left">a</th>');
    expect(html).toContain('<th style="text-align:center">b</th>');
    expect(html).toContain('<td style="text-align:right">3</td>');
  });

  it("drops style everywhere but th and td, and reports it", () => {
    const problems: string[] = [];
    const html = sanitize('<p style="text-align:center">x</p><span style="color:red">y</span>', {
      base: undefined,
      report: (_severity, code, message) => problems.push(`${code}: ${message}`),
    });
    expect(html).toBe("<p>x</p><span>y</span>");
    expect(problems).toEqual([
      "body.html-removed: attribute style removed from raw HTML <p>",
      "body.html-removed: attribute style removed from raw HTML <span>",
    ]);
  });

  it("drops a cell's style when nothing in it is a plain alignment", () => {
    const html = sanitize(
      '<table><tr><th style="color:red">a</th><td style="background:url(javascript:alert(1))">b</td></tr></table>',
      { base: undefined, report: undefined },
    );
    expect(html).toBe("<table><tr><th>a</th><td>b</td></tr></table>");
  });
});
