/**
 * The real sample content (content/), loaded by loadContent and rendered: every feed and JSON-LD
 * document parses with real parsers, and every format lists the same articles.
 */
import { fileURLToPath } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import Parser from "rss-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { readContentDir } from "../../../functions/cli/read-content.js";
import { loadContent } from "../../../functions/core/load.js";
import type { Content } from "../../../functions/core/model.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { expandJsonLd, filesByPath, parseWithFeedparser, schemaType, values } from "./read-back.js";

const CONTENT_DIR = fileURLToPath(new URL("../../../content/", import.meta.url));
// Late enough that every non-draft sample article counts as published.
const NOW = new Date("2100-01-01T00:00:00Z");

let content: Content;
let files: Map<string, string>;

beforeAll(async () => {
  const result = loadContent(await readContentDir(CONTENT_DIR), { now: NOW });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  if (!result.site) throw new Error("content/site.yaml did not load");
  content = { site: result.site, articles: result.articles };
  files = filesByPath(renderSite(content));
});

describe("the sample content renders for real consumers", () => {
  it("has articles, including CJK text, and a feed per section in use", () => {
    expect(content.articles.length).toBeGreaterThanOrEqual(4);
    expect(
      content.articles.some((a) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(a.title)),
    ).toBe(true);
    for (const section of new Set(content.articles.map((a) => a.section).filter(Boolean))) {
      expect(files.has(`sections/${section}/feed.xml`)).toBe(true);
      expect(files.has(`sections/${section}/index.html`)).toBe(true);
    }
  });

  it("every XML feed is well-formed and lists the same ids as its JSON Feed", async () => {
    const parser = new Parser();
    const xmlPaths = [...files.keys()].filter((p) => p.endsWith(".xml"));
    expect(xmlPaths.length).toBeGreaterThanOrEqual(2);
    for (const path of xmlPaths) {
      const xml = files.get(path) ?? "";
      expect(XMLValidator.validate(xml), path).toBe(true);
      const dir = path.slice(0, path.lastIndexOf("/") + 1);
      const jsonIds = JSON.parse(files.get(`${dir}feed.json`) ?? "").items.map((i: { id: string }) => i.id);
      expect(
        (await parser.parseString(xml)).items.map((i) => i.guid ?? i.id),
        path,
      ).toEqual(jsonIds);
      expect(
        (await parseWithFeedparser(xml)).items.map((i) => i.guid),
        path,
      ).toEqual(jsonIds);
    }
  });

  it("the root feed lists every published article, newest first", () => {
    const json = JSON.parse(files.get("feed.json") ?? "");
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(content.articles.map((a) => a.id));
  });

  it("every article's JSON-LD expands to a NewsArticle with its id, headline, dates and body", async () => {
    for (const article of content.articles) {
      const [doc] = await expandJsonLd(JSON.parse(files.get(`articles/${article.slug}.jsonld`) ?? ""));
      expect(doc?.["@type"]).toEqual([schemaType("NewsArticle")]);
      expect(doc?.["@id"]).toBe(article.id);
      expect(values(doc, "headline")).toEqual([article.title]);
      expect(values(doc, "datePublished")).toEqual([article.published]);
      expect(values(doc, "dateModified")).toEqual([article.modified]);
      expect(Number(values(doc, "wordCount")[0])).toBeGreaterThan(20);
      expect(String(values(doc, "articleBody")[0]).length).toBeGreaterThan(100);
    }
  });

  it("Japanese text reads without stray spaces between sentences (summary, feed text, articleBody)", async () => {
    // A line break inside a paragraph, or a folded YAML scalar, turns into a space: wrapped
    // Japanese would show 「…した。 客室…」 in every reader.
    const cjk = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}、。「」]";
    const stray = new RegExp(`${cjk} +${cjk}`, "u");
    const japanese = content.articles.filter((a) => a.language === "ja");
    expect(japanese.length).toBeGreaterThan(0);
    for (const article of japanese) {
      const [doc] = await expandJsonLd(JSON.parse(files.get(`articles/${article.slug}.jsonld`) ?? ""));
      for (const text of [
        article.summary ?? "",
        ...values(doc, "description"),
        ...values(doc, "articleBody"),
      ]) {
        expect(String(text), article.sourcePath).not.toMatch(stray);
      }
    }
  });

  it("no sample body needs fixing (no problems from renderBody)", async () => {
    const { renderBody } = await import("../../../functions/core/markdown.js");
    for (const article of content.articles) {
      expect(renderBody(article.body, article.url).problems, article.sourcePath).toEqual([]);
    }
  });
});
