import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toRfc822, yearOf } from "../../../functions/core/render/dates.js";
import { escapeHtml, html, trusted } from "../../../functions/core/render/html.js";
import { stringifySafeJson } from "../../../functions/core/render/json.js";
import { serializeXml } from "../../../functions/core/render/xml.js";
import { findXmlForbidden, stripXmlForbidden } from "../../../functions/core/render/xml-chars.js";

describe("toRfc822", () => {
  it.each([
    ["2026-11-27T09:30:00+09:00", "Fri, 27 Nov 2026 09:30:00 +0900"],
    ["2026-11-27T09:30:00Z", "Fri, 27 Nov 2026 09:30:00 +0000"],
    ["2026-11-27T23:59:59.999-05:00", "Fri, 27 Nov 2026 23:59:59 -0500"],
    // Local date across the date line: still Thursday 1 January in Kiribati.
    ["2026-01-01T00:30:00+14:00", "Thu, 01 Jan 2026 00:30:00 +1400"],
    ["2028-02-29T12:00:00+05:30", "Tue, 29 Feb 2028 12:00:00 +0530"],
  ])("%s → %s", (input, expected) => {
    expect(toRfc822(input)).toBe(expected);
  });

  it("names the same instant (to the second) as the RFC 3339 input", () => {
    const offset = fc
      .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45))
      .map(([s, h, m]) => `${s}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }),
        offset,
        (date, zone) => {
          const local = date.toISOString().slice(0, 19);
          const input = `${local}${zone}`;
          expect(Date.parse(toRfc822(input))).toBe(Date.parse(input));
        },
      ),
    );
  });

  it("refuses a date without an offset", () => {
    expect(() => toRfc822("2026-11-27T09:30:00")).toThrow(/offset/);
  });

  it("yearOf is the year as written, not the UTC year", () => {
    expect(yearOf("2027-01-01T00:30:00+09:00")).toBe(2027);
  });
});

describe("XML-forbidden characters", () => {
  it("finds C0 controls, U+FFFE/U+FFFF and unpaired surrogates, keeping pairs, tab, LF, CR", () => {
    const s = "a\u0000b\tc\n\r\uFFFF😀\uD800x\uDC00";
    expect(findXmlForbidden(s).map((f) => f.index)).toEqual([1, 7, 10, 12]);
    expect(stripXmlForbidden(s)).toBe("ab\tc\n\r😀x");
  });

  it("never pairs surrogates that were separated by a removed character", () => {
    expect(stripXmlForbidden("\uD800\u0001\uDC00")).toBe("");
  });

  it("returns clean strings untouched", () => {
    const s = "plain ✓ 東京 😀";
    expect(stripXmlForbidden(s)).toBe(s);
  });
});

describe("serializeXml", () => {
  it("escapes text and attributes, drops undefined and empty lists, strips forbidden characters", () => {
    const xml = serializeXml({
      root: { "@_a": 'x"&<>\u0001', t: "a ]]> & <b> \u0000", skip: undefined, none: [], n: 5 },
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<root a="x&quot;&amp;&lt;&gt;">\n  <t>a ]]&gt; &amp; &lt;b&gt; </t>\n  <n>5</n>\n</root>\n',
    );
  });
});

describe("html template", () => {
  it("escapes every interpolation unless it is another template", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p title="${`"'&`}">${inner}${["<", ">"]}${undefined}${false}</p>`.value).toBe(
      '<p title="&quot;&#39;&amp;"><b>&lt;i&gt;</b>&lt;&gt;</p>',
    );
    expect(escapeHtml("</script>")).toBe("&lt;/script&gt;");
    expect(html`${trusted("<br>")}`.value).toBe("<br>");
  });
});

describe("stringifySafeJson", () => {
  it("escapes <, >, &, U+2028 and U+2029 and round-trips any value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary" }), (value, s) => {
        const doc = { value, s, tricky: `</script><!--${s}&\u2028\u2029` };
        const text = stringifySafeJson(doc);
        expect(text).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
      }),
    );
  });
});
