import { describe, expect, it } from "vitest";
import { createBodyCheckCache, loadContent } from "../../../functions/core/load.js";
import type { OutputFile, SourceFile } from "../../../functions/core/model.js";
import { publishSite } from "../../../functions/core/publish/index.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { createRenderCache, type RenderCache } from "../../../functions/core/render-cache.js";
import { createMemoryStorage } from "../../../functions/storage/index.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const CODE = "code-v1";

/** Load + render as the CLI does with a cache; `null` cache: the plain path (nothing remembered). */
function build(files: SourceFile[], cache: RenderCache | null): OutputFile[] {
  const bodyCache = cache ? cache.bodies : createBodyCheckCache();
  const load = loadContent(files, { now: NOW, bodyCache });
  if (!load.ok || !load.site) throw new Error("corpus did not load");
  const content = { site: load.site, articles: load.articles };
  return [
    ...renderSite(content, cache ? { bodyCache, documents: cache.documentsFor(load.site) } : { bodyCache }),
  ];
}

function bytesByPath(outputs: OutputFile[]): Map<string, string> {
  return new Map(outputs.map((f) => [f.path, Buffer.from(f.body).toString("base64")]));
}

const files = hostileCorpus(300);
const plain = bytesByPath(build(files, null));

function warmCache(): string {
  const first = createRenderCache(undefined, CODE);
  build(files, first);
  return first.serialize();
}

describe("render cache across runs", () => {
  it("a warm run parses no unchanged body, knows every document's digest, and gives the same bytes", () => {
    const stored = warmCache();
    const second = createRenderCache(stored, CODE);
    const outputs = build(files, second);
    const stats = second.stats();
    expect(stats.bodiesParsed).toBe(0);
    expect(stats.bodiesReused).toBe(312);
    expect(stats.documentMisses).toBe(0);
    expect(stats.documentHits).toBeGreaterThan(0);
    for (const file of outputs) {
      if (file.sha256) expect(file.size).toBe(file.body.byteLength);
    }
    expect(bytesByPath(outputs)).toEqual(plain);
  });

  it("a no-op publish with a warm cache writes nothing, renders no cached document and parses no body", async () => {
    const storage = createMemoryStorage();
    await publishSite(build(files, createRenderCache(undefined, CODE)), storage);
    const cache = createRenderCache(warmCache(), CODE);
    let bodiesRead = 0;
    const outputs = build(files, cache).map((f): OutputFile => {
      if (!f.sha256) return f;
      // Not a spread: that would read (render) the lazy body.
      return {
        path: f.path,
        contentType: f.contentType,
        cacheControl: f.cacheControl,
        sha256: f.sha256,
        size: f.size ?? 0,
        get body() {
          bodiesRead++;
          return f.body;
        },
      };
    });
    // Every per-article document and every feed is known by its digest.
    const known = outputs.filter((f) => f.sha256).map((f) => f.path);
    expect(known).toEqual(
      expect.arrayContaining(["feed.xml", "atom.xml", "feed.json", "sections/world/feed.xml"]),
    );
    expect(known.filter((p) => p.startsWith("articles/"))).toHaveLength(312);
    const report = await publishSite(outputs, storage);
    expect(report.puts).toEqual([]);
    expect(report.unchanged).toBe(plain.size);
    expect(bodiesRead).toBe(0);
    expect(cache.stats().bodiesParsed).toBe(0);
  });

  it("one edited article: only its body is parsed again, and only changed objects are written", async () => {
    const storage = createMemoryStorage();
    await publishSite(build(files, null), storage);
    const edited = files.map((f) =>
      f.path === "articles/hostile/old-2.md"
        ? { path: f.path, bytes: Buffer.concat([f.bytes, Buffer.from("\nOne more line ]]> 東京.\n")]) }
        : f,
    );
    const cache = createRenderCache(warmCache(), CODE);
    const outputs = build(edited, cache);
    expect(cache.stats().bodiesParsed).toBe(1);
    expect(bytesByPath(outputs)).toEqual(bytesByPath(build(edited, null)));
    const report = await publishSite(outputs, storage);
    expect(report.puts).toEqual(["articles/old-2.jsonld"]);
  });

  it("feed items' HTML comes from the cache: an edit renders only the edited item's HTML again", () => {
    const edited = files.map((f) =>
      f.path === "articles/hostile/h-1.md"
        ? { path: f.path, bytes: Buffer.concat([f.bytes, Buffer.from("\nA *new* line ]]> 東京.\n")]) }
        : f,
    );
    const cache = createRenderCache(warmCache(), CODE);
    const outputs = build(edited, cache);
    expect(bytesByPath(outputs)).toEqual(bytesByPath(build(edited, null)));
    const stats = cache.stats();
    expect(stats.htmlRendered).toBe(1);
    expect(stats.htmlHits).toBeGreaterThan(10);
  });

  it("after rounds of random edits, each run with the previous run's cache gives a cold build's bytes", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    let current = files;
    let stored = warmCache();
    for (let round = 0; round < 4; round++) {
      const articles = current.filter((f) => f.path.endsWith(".md"));
      const edits = new Map<string, SourceFile | null>();
      for (let i = 0; i < 4; i++) {
        // The newest articles (in the feeds) as often as the rest.
        const pool = i % 2 === 0 ? articles.slice(-20) : articles;
        const file = pool[random(pool.length)] as SourceFile;
        const text = Buffer.from(file.bytes).toString();
        const kind = random(4);
        const next =
          kind === 0
            ? `${text}\nRound ${round}: a **correction** & <b>more</b>.\n`
            : kind === 1
              ? text.replace(/^summary:.*\n/m, "")
              : kind === 2
                ? text.replace(/^title: /m, `title: Round ${round} `)
                : null;
        edits.set(file.path, next === null ? null : { path: file.path, bytes: Buffer.from(next) });
      }
      current = current.flatMap((f) => {
        const edit = edits.get(f.path);
        return edit === undefined ? [f] : edit === null ? [] : [edit];
      });
      const cache = createRenderCache(stored, CODE);
      expect(bytesByPath(build(current, cache))).toEqual(bytesByPath(build(current, null)));
      stored = cache.serialize();
    }
  });

  it("is ignored when the code version differs or the snapshot is damaged", () => {
    const stored = warmCache();
    for (const [snapshot, code] of [
      [stored, "code-v2"],
      [stored.slice(0, 100), CODE],
      [stored.slice(0, Math.floor(stored.length / 2)), CODE],
      [stored.slice(0, -2), CODE],
      ["null", CODE],
    ] as const) {
      const cache = createRenderCache(snapshot, code);
      const outputs = build(files, cache);
      expect(cache.stats().bodiesReused).toBe(0);
      expect(bytesByPath(outputs)).toEqual(plain);
    }
  });

  it("drops document digests when the site config changes (bodies stay valid)", () => {
    const stored = warmCache();
    const retitled = files.map((f) =>
      f.path === "site.yaml"
        ? {
            path: f.path,
            bytes: Buffer.from(Buffer.from(f.bytes).toString().replace("title: ", "title: New ")),
          }
        : f,
    );
    const cache = createRenderCache(stored, CODE);
    const outputs = build(retitled, cache);
    expect(cache.stats().documentHits).toBe(0);
    expect(bytesByPath(outputs)).toEqual(bytesByPath(build(retitled, null)));
  });

  it("a digest that no longer matches the rendered bytes fails loudly instead of publishing", () => {
    const stored = JSON.parse(warmCache()) as { documents: Record<string, [string, number]> };
    for (const key of Object.keys(stored.documents)) stored.documents[key] = ["0".repeat(64), 1];
    const outputs = build(files, createRenderCache(JSON.stringify(stored), CODE));
    const lazy = outputs.find((f) => f.sha256 === "0".repeat(64));
    expect(lazy).toBeDefined();
    expect(() => lazy?.body).toThrow(/no longer renders to the bytes it had/);
  });

  it("saves only what the run used", () => {
    const first = createRenderCache(undefined, CODE);
    build(files, first);
    const fewer = files.filter((f) => !f.path.startsWith("articles/hostile/"));
    const second = createRenderCache(first.serialize(), CODE);
    build(fewer, second);
    const saved = JSON.parse(second.serialize()) as { bodies: object; documents: object };
    expect(Object.keys(saved.bodies)).toHaveLength(300);
    expect(JSON.stringify(saved)).not.toContain("hostile/");
  });
});
