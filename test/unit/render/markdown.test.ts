import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countWords, renderBody } from "../../../functions/core/markdown.js";
import { findXmlForbidden } from "../../../functions/core/render/xml-chars.js";

const URL_BASE = "https://news.example/world/2026/quake";

function hrefs(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|cite)="([^"]*)"/g)].map((m) => m[1] ?? "");
}

describe("renderBody: Markdown", () => {
  it("renders CommonMark, tables and strikethrough, with plain text from the tokens", () => {
    const body =
      "## Aftershocks\n\nThe **first** tremor hit at *dawn*.\nResidents ~~fled~~ waited.\n\n| City | Magnitude |\n|:--|--:|\n| Sendai | 5.1 |\n";
    const result = renderBody(body, URL_BASE);
    expect(result.html).toContain("<h2>Aftershocks</h2>");
    expect(result.html).toContain("<strong>first</strong>");
    expect(result.html).toContain("<s>fled</s>");
    expect(result.html).toContain('<td style="text-align:right">5.1</td>');
    expect(result.text).toBe(
      "Aftershocks\nThe first tremor hit at dawn. Residents fled waited.\nCity\nMagnitude\nSendai\n5.1",
    );
    expect(result.problems).toEqual([]);
  });

  it("escapes text that looks like markup and keeps code verbatim in the text", () => {
    const result = renderBody("a < b && c > d ]]> done\n\n```\n<b>x</b>\n```\n", URL_BASE);
    expect(result.html).toContain("a &lt; b &amp;&amp; c &gt; d ]]&gt; done");
    expect(result.html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(result.text).toBe("a < b && c > d ]]> done\n<b>x</b>");
  });
});

describe("renderBody: word count", () => {
  it.each([
    ["Quake hits the coast", 4],
    ["don't re-enter e-mail 3.5 km", 5],
    ["東京で地震", 5],
    ["カタカナ", 4],
    ["서울 시장 선거", 3],
    ["Tokyo 東京 2026", 4],
    ["", 0],
    ["— … !!", 0],
  ])("%j has %i words", (text, words) => {
    expect(countWords(text)).toBe(words);
  });

  it("agrees with the rule written as a regular expression, on any text", () => {
    const cjk = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]";
    const letter = `(?:(?!${cjk})[\\p{L}\\p{N}\\p{M}])`;
    const rule = new RegExp(`${cjk}|${letter}+(?:['’.\\-]${letter}+)*`, "gu");
    const piece = fc.oneof(
      fc.string({ unit: "grapheme" }),
      fc.constantFrom(
        "don't",
        "e-mail",
        "3.5",
        "--",
        "'",
        "’",
        ".",
        "東京",
        "カナ",
        "서울",
        "é",
        "a\u0301",
        "𠀋",
        " ",
        "\n",
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        expect(countWords(text)).toBe(text.match(rule)?.length ?? 0);
      }),
      { numRuns: 500 },
    );
  });

  it("counts the body's words, not its markup", () => {
    expect(renderBody("# One two\n\n[three](https://x.example/four-five) six\n", URL_BASE).wordCount).toBe(4);
  });
});

describe("renderBody: URLs", () => {
  it("makes relative links and images absolute against the article URL", () => {
    const result = renderBody("[map](../maps/quake.html) [top](#top) ![Damage](img/damage.jpg)\n", URL_BASE);
    expect(hrefs(result.html)).toEqual([
      "https://news.example/world/maps/quake.html",
      "https://news.example/world/2026/quake#top",
      "https://news.example/world/2026/img/damage.jpg",
    ]);
    expect(result.problems).toEqual([]);
  });

  it("percent-encodes and punycodes the URLs it keeps", () => {
    const result = renderBody(
      '[b](<https://bücher.example/a b?q=ü>) [c](https://x.example/"onmouseover=)\n',
      URL_BASE,
    );
    expect(hrefs(result.html)).toEqual([
      "https://xn--bcher-kva.example/a%20b?q=%C3%BC",
      "https://x.example/%22onmouseover=",
    ]);
  });

  it("keeps mailto: and tel: links", () => {
    const result = renderBody("[desk](mailto:desk@news.example) [call](tel:+81-3-0000)\n", URL_BASE);
    expect(hrefs(result.html)).toEqual(["mailto:desk@news.example", "tel:+81-3-0000"]);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
  ])("refuses a link to %s and reports where it was", (url) => {
    const result = renderBody(`Intro line.\n\nSee [this](${url}) now.\n`, URL_BASE);
    expect(result.html).not.toMatch(/href/);
    expect(result.html).toContain("See this now.");
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      line: 3,
      column: 12,
      severity: "error",
      code: "body.unsafe-url",
    });
  });

  it("refuses data: images, even data:image", () => {
    const result = renderBody("![dot](data:image/png;base64,iVBORw0KGgo=)\n", URL_BASE);
    expect(result.html).not.toContain("<img");
    expect(result.problems[0]).toMatchObject({ line: 1, code: "body.unsafe-url", severity: "error" });
  });

  it("neutralises scheme tricks the browser would normalise", () => {
    const result = renderBody("[a](<java\tscript:alert(1)>) [b](java%0Ascript:alert(1))\n", URL_BASE);
    for (const href of hrefs(result.html)) expect(href).toMatch(/^https:\/\/news\.example\//);
  });

  it("reports relative links that cannot be made absolute", () => {
    const result = renderBody("text\n[map](maps/a.html)\n", "not a url");
    expect(result.html).not.toContain("href");
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 2, column: 7, severity: "error", code: "body.unresolvable-url" }),
    ]);
  });
});

describe("renderBody: raw HTML", () => {
  it("keeps allowed HTML and absolutises its URLs", () => {
    const result = renderBody(
      '<figure><img src="a.png" alt="A" width="10"><figcaption>Cap</figcaption></figure>\n',
      URL_BASE,
    );
    expect(result.html).toContain('<img src="https://news.example/world/2026/a.png" alt="A" width="10" />');
    expect(result.html).toContain("<figcaption>Cap</figcaption>");
    expect(result.problems).toEqual([]);
  });

  it("removes script, style, iframe and event attributes, and says where", () => {
    const body = [
      "Para one.",
      "",
      "<script>alert(1)</script>",
      "",
      'Inline <span onclick="steal()">x</span> and <a href="javascript:go()">y</a>.',
      "",
      "<style>p{display:none}</style>",
      '<iframe src="https://evil.example"></iframe>',
      "",
    ].join("\n");
    const result = renderBody(body, URL_BASE);
    expect(result.html).not.toMatch(/<script|<style|<iframe|onclick|javascript:|alert|display:none/i);
    expect(result.html).toContain("Inline <span>x</span> and <a>y</a>.");
    expect(result.text).not.toContain("alert");
    const summary = result.problems.map((p) => [p.line, p.column, p.severity, p.code]);
    expect(summary).toEqual([
      [3, 1, "warning", "body.html-removed"],
      [5, 8, "warning", "body.html-removed"],
      [5, 45, "error", "body.unsafe-url"],
      [7, 1, "warning", "body.html-removed"],
      [8, 1, "warning", "body.html-removed"],
    ]);
  });

  it("never lets character references in raw HTML produce XML-forbidden characters", () => {
    const result = renderBody("<b>a&#1;b&#xFFFE;c</b>\n", URL_BASE);
    expect(findXmlForbidden(result.html)).toEqual([]);
  });

  it("keeps markdown-it's table alignment when the article also has raw HTML", () => {
    const result = renderBody("<b>hi</b>\n\n| a |\n|--:|\n| 1 |\n", URL_BASE);
    expect(result.html).toContain('<td style="text-align:right">1</td>');
  });
});

describe("renderBody: XML-forbidden characters", () => {
  it("removes C0 controls, U+FFFE and lone surrogates, reporting each position", () => {
    const body = "ok\nab\u0001cd\u000B\n\uFFFE x \uD800 y\n";
    const result = renderBody(body, URL_BASE);
    expect(result.html).toBe("<p>ok\nabcd\nx  y</p>\n");
    expect(result.problems.map((p) => [p.line, p.column, p.message.slice(0, 16)])).toEqual([
      [2, 3, "character U+0001"],
      [2, 6, "character U+000B"],
      [3, 1, "character U+FFFE"],
      [3, 5, "character U+D800"],
    ]);
    expect(result.problems.every((p) => p.severity === "error" && p.code === "body.xml-char")).toBe(true);
  });

  it("counts lines the same with CRLF and CR line endings", () => {
    for (const eol of ["\r\n", "\r"]) {
      const result = renderBody(`one${eol}${eol}two [x](javascript:y)${eol}`, URL_BASE);
      expect(result.problems.map((p) => [p.line, p.column])).toEqual([[3, 9]]);
    }
  });

  it("keeps tabs, emoji, RTL marks and C1-range letters", () => {
    const body = "a\tb 😀 \u200Fשלום\u200E é\n";
    expect(renderBody(body, URL_BASE).problems).toEqual([]);
    expect(renderBody(body, URL_BASE).text).toBe("a\tb 😀 \u200Fשלום\u200E é");
  });
});

describe("renderBody: properties", () => {
  it("never emits forbidden characters, script, event handlers or unsafe URLs", () => {
    const piece = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom(
        "<script>x()</script>",
        "<img src=x onerror=alert(1)>",
        "[l](javascript:x)",
        "<a href='vbscript:x'>v</a>",
        "]]>",
        "<!-- c -->",
        "\n\n",
        "<svg onload=x>",
        "<style>*{}</style>",
        "![i](data:image/png;base64,AA==)",
        "\u0000\u0008\uD800",
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const result = renderBody(parts.join(""), URL_BASE);
        expect(findXmlForbidden(result.html)).toEqual([]);
        expect(findXmlForbidden(result.text)).toEqual([]);
        expect(result.html).not.toMatch(/<(script|style|svg|iframe)\b/i);
        expect(result.html).not.toMatch(/<[^>]*\son\w+\s*=/i);
        for (const url of hrefs(result.html))
          expect(url).toMatch(/^(https:\/\/news\.example\/|mailto:|tel:)/);
        for (const problem of result.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
