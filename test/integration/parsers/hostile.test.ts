/**
 * Property tests: arbitrary Unicode in every text field (C0/C1 controls, `]]>`, `</script>`, `<!--`,
 * RTL marks, emoji, lone surrogates, U+2028) never yields malformed XML (fast-xml-parser, rss-parser
 * and feedparser all read it), unparseable JSON, or JSON/JSON-LD that could break out of a <script>
 * element. Parsers must also give the text back.
 */
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { renderSite } from "../../../functions/core/render/index.js";
import { stripXmlForbidden } from "../../../functions/core/render/xml-chars.js";
import { buildArticle, buildContent, buildSite } from "../../helpers/articles.js";
import { filesByPath, parseWithFeedparser } from "./read-back.js";

const nasty = fc.constantFrom(
  "]]>",
  "]]]]>",
  "<![CDATA[",
  "</script>",
  "</SCRIPT ",
  "<!--",
  "-->",
  "<b>",
  "&amp;",
  "&",
  '"',
  "'",
  "\u202E",
  "\u200F",
  "😀",
  "👩‍👩‍👧",
  "\uD800",
  "\uDFFF",
  "\u0000",
  "\u0001",
  "\u001F",
  "\u0085",
  "\u009F",
  "\u2028",
  "\u2029",
  "\uFFFE",
  "\uFFFF",
  "\r\n",
  "\r",
  "\t",
  "東京",
);
const unit = fc.oneof(
  nasty,
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);
const text = fc.array(unit, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(""));

const SCRIPT_UNSAFE = /[<>\u2028\u2029]/;

/** What an XML parser gives back for text we wrote: forbidden characters gone, CR normalised to LF. */
function xmlRoundTrip(value: string): string {
  return stripXmlForbidden(value).replace(/\r\n?/g, "\n");
}

describe("hostile text in every field", () => {
  it("keeps XML well-formed, JSON parseable and script-safe, and text intact", async () => {
    const parser = new Parser();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: text,
          summary: text,
          tag: text,
          body: text,
          name: text,
          dateline: text,
          siteTitle: text,
        }),
        async (v) => {
          // The schema requires a non-blank title; xml2js (inside rss-parser) drops whitespace-only text.
          fc.pre(/\S/.test(xmlRoundTrip(v.title)));
          const site = buildSite({ title: v.siteTitle, copyright: v.name });
          const article = buildArticle(
            {
              title: v.title,
              summary: v.summary,
              tags: [v.tag],
              body: v.body,
              dateline: v.dateline,
              authors: [{ name: v.name }],
              editor: { name: v.name },
              source: { name: v.name },
              image: {
                url: "https://cdn.example/a.png",
                alt: v.summary,
                caption: v.title,
                credit: v.name,
                type: "image/png",
              },
            },
            site,
          );
          const files = filesByPath(renderSite(buildContent([article], site)));
          for (const [path, body] of files) {
            if (path.endsWith(".xml")) {
              expect(XMLValidator.validate(body), path).toBe(true);
              const feed = await parser.parseString(body);
              expect(feed.items[0]?.title, path).toBe(xmlRoundTrip(v.title));
              const { items } = await parseWithFeedparser(body);
              expect(
                items.map((i) => i.guid),
                path,
              ).toEqual([article.id]);
            } else if (path.endsWith(".json") || path.endsWith(".jsonld")) {
              expect(body, path).not.toMatch(SCRIPT_UNSAFE);
              expect(() => JSON.parse(body), path).not.toThrow();
            } else if (path.endsWith(".html")) {
              expect(body.match(/<script/gi)?.length ?? 0, path).toBe(path === "index.html" ? 1 : 0);
              expect(body.match(/<\/script/gi)?.length ?? 0, path).toBe(path === "index.html" ? 1 : 0);
              expect(body.match(/<!--/g), path).toBeNull();
            }
          }
          const json = JSON.parse(files.get("feed.json") ?? "");
          expect(json.items[0].title).toBe(v.title);
          expect(json.items[0].tags).toContain(v.tag);
          const ld = JSON.parse(files.get(`articles/${article.slug}.jsonld`) ?? "");
          expect(ld.headline).toBe(v.title);
          expect(ld.dateline).toBe(v.dateline);
        },
      ),
      { numRuns: 150 },
    );
  });
});
