/**
 * The article cache (load/article-cache.ts, kept in the render cache): a file whose stamp is
 * unchanged is not read again, and the load is the same as a fresh one.
 */
import { describe, expect, it } from "vitest";
import { createBodyCheckCache, loadContent } from "../../../functions/core/load.js";
import type { LoadResult, SourceFile } from "../../../functions/core/model.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { createRenderCache, type RenderCache } from "../../../functions/core/render-cache.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const CODE = "code-v1";
const encoder = new TextEncoder();

/** Files with stamps whose reads are counted; `bytes` may be replaced to simulate edits. */
function stampedFiles(files: SourceFile[]) {
  const reads = new Map<string, number>();
  const bytes = new Map(files.map((f) => [f.path, f.bytes]));
  const list: SourceFile[] = files.map((f) => ({
    path: f.path,
    stamp: `v1:${f.path}`,
    get bytes() {
      reads.set(f.path, (reads.get(f.path) ?? 0) + 1);
      return bytes.get(f.path) as Uint8Array;
    },
  }));
  return { list, reads, bytes };
}

function load(files: SourceFile[], cache: RenderCache): LoadResult {
  return loadContent(files, {
    now: NOW,
    bodyCache: cache.bodies,
    articleCache: (site) => cache.articlesFor(site),
  });
}

/** Articles as plain data, bodies read through their getters. */
const plainArticles = (result: LoadResult) =>
  result.articles.map((a) => JSON.parse(JSON.stringify({ ...a, body: a.body })) as unknown);

describe("article cache", () => {
  const corpus = hostileCorpus(120);
  const fresh = loadContent(corpus, { now: NOW, bodyCache: createBodyCheckCache() });

  it("a second run reads no unchanged article and loads the same articles, warnings and outputs", () => {
    const first = createRenderCache(undefined, CODE);
    const files = stampedFiles(corpus);
    const one = load(files.list, first);
    expect(plainArticles(one)).toEqual(plainArticles(fresh));

    const second = createRenderCache(first.serialize(), CODE);
    files.reads.clear();
    const two = load(files.list, second);
    expect([...files.reads.keys()]).toEqual(["site.yaml"]);
    expect(two.diagnostics).toEqual(fresh.diagnostics);
    expect(plainArticles(two)).toEqual(plainArticles(fresh));
    expect(second.changed()).toBe(false);
    if (!two.site || !fresh.site) throw new Error("site did not load");
    const a = [
      ...renderSite({ site: two.site, articles: two.articles }, { bodyCache: createBodyCheckCache() }),
    ];
    const b = [
      ...renderSite({ site: fresh.site, articles: fresh.articles }, { bodyCache: createBodyCheckCache() }),
    ];
    expect(a.map((f) => Buffer.from(f.body).toString("base64"))).toEqual(
      b.map((f) => Buffer.from(f.body).toString("base64")),
    );
  });

  it("reads a file again when its stamp changes, and not when only another file changed", () => {
    const first = createRenderCache(undefined, CODE);
    const files = stampedFiles(corpus);
    load(files.list, first);
    const target = files.list.find((f) => f.path.startsWith("articles/")) as SourceFile;
    const text = new TextDecoder().decode(files.bytes.get(target.path));
    files.bytes.set(target.path, encoder.encode(text.replace(/^title: .*$/m, 'title: "Renamed in place"')));
    target.stamp = "v2";
    const second = createRenderCache(first.serialize(), CODE);
    files.reads.clear();
    const result = load(files.list, second);
    expect([...files.reads.keys()].sort()).toEqual([target.path, "site.yaml"].sort());
    expect(result.articles.find((a) => a.sourcePath === target.path)?.title).toBe("Renamed in place");
    expect(second.changed()).toBe(true);
  });

  it("is not used for another site config", () => {
    const first = createRenderCache(undefined, CODE);
    const files = stampedFiles(corpus);
    load(files.list, first);
    const site = new TextDecoder().decode(files.bytes.get("site.yaml"));
    files.bytes.set("site.yaml", encoder.encode(site.replace(/^title: .*$/m, "title: Another Wire")));
    const second = createRenderCache(first.serialize(), CODE);
    files.reads.clear();
    load(files.list, second);
    expect(files.reads.size).toBe(corpus.length);
  });

  it("a duplicate slug between a cached and a new article is reported in both files", () => {
    const first = createRenderCache(undefined, CODE);
    const files = stampedFiles(corpus);
    const one = load(files.list, first);
    const original = one.articles.find((a) => a.sourcePath.startsWith("articles/"));
    if (!original) throw new Error("no article");
    const copy = new TextDecoder()
      .decode(files.bytes.get(original.sourcePath))
      .replace(/^title: .*$/m, `title: A copy\nslug: ${original.slug}`)
      .replace(/^id: .*$/m, "");
    const dup: SourceFile = { path: "articles/zz-copy.md", bytes: encoder.encode(copy) };
    const second = createRenderCache(first.serialize(), CODE);
    const result = load([...files.list, dup], second);
    const dupes = result.diagnostics.filter((d) => d.code === "duplicate-slug");
    expect(dupes.map((d) => d.file).sort()).toEqual([original.sourcePath, dup.path].sort());
    // The copy names its slug on line 3; the original has none (slug from its path): line 1 there.
    expect(dupes.find((d) => d.file === dup.path)?.line).toBe(3);
    expect(dupes.find((d) => d.file === original.sourcePath)?.message).toContain(dup.path);
    expect(result.ok).toBe(false);
  });

  it("a body read later must be the validated one", () => {
    const first = createRenderCache(undefined, CODE);
    const files = stampedFiles(corpus);
    load(files.list, first);
    const second = createRenderCache(first.serialize(), CODE);
    const result = load(files.list, second);
    const article = result.articles[0];
    if (!article) throw new Error("no article");
    // Rewritten with the same stamp (a lying clock): caught when the body is read.
    files.bytes.set(article.sourcePath, encoder.encode("---\ntitle: x\n---\n\nswapped\n"));
    expect(() => article.body).toThrow(/changed on disk during the build/);
  });
});

describe("render cache file", () => {
  it("is rewritten when a run learnt much, not for a few new entries", async () => {
    const { mkdtempSync, rmSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { openRenderCache } = await import("../../../functions/cli/render-cache-file.js");
    const dir = mkdtempSync(join(tmpdir(), "feedpub-cachefile-"));
    try {
      const env = { FEEDPUB_CACHE_DIR: dir };
      const corpus = hostileCorpus(120);
      const files = stampedFiles(corpus);
      const run = async () => {
        const opened = await openRenderCache(dir, env, "content");
        if (!opened) throw new Error("no cache file");
        load(files.list, opened.cache);
        await opened.save();
        return opened.path;
      };
      const path = await run();
      const first = readFileSync(path, "utf8");
      // One article edited: three new entries (its body, document and article) — not worth a rewrite.
      const one = files.list.find((f) => f.path.startsWith("articles/")) as SourceFile;
      files.bytes.set(
        one.path,
        encoder.encode(`${new TextDecoder().decode(files.bytes.get(one.path))}\nMore.\n`),
      );
      one.stamp = "edited";
      await run();
      expect(readFileSync(path, "utf8")).toBe(first);
      // Twenty edited: rewritten, and the next run reads none of them again.
      for (const f of files.list.filter((f) => f.path.startsWith("articles/")).slice(0, 20)) {
        files.bytes.set(
          f.path,
          encoder.encode(`${new TextDecoder().decode(files.bytes.get(f.path))}\nMore.\n`),
        );
        f.stamp = "edited-2";
      }
      await run();
      expect(readFileSync(path, "utf8")).not.toBe(first);
      files.reads.clear();
      await run();
      expect([...files.reads.keys()].filter((p) => p !== "site.yaml")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a cache that turned out wrong", () => {
  it("is deleted when a file differs from what it said (directly or inside a publish error)", async () => {
    const { mkdtempSync, rmSync, existsSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { openRenderCache, isContentChange } = await import("../../../functions/cli/render-cache-file.js");
    const { ContentChangedError } = await import("../../../functions/core/load.js");
    const { PublishError } = await import("../../../functions/core/publish/index.js");
    const dir = mkdtempSync(join(tmpdir(), "feedpub-forget-"));
    try {
      const opened = await openRenderCache(dir, { FEEDPUB_CACHE_DIR: dir }, "content");
      if (!opened) throw new Error("no cache file");
      load(stampedFiles(hostileCorpus(20)).list, opened.cache);
      await opened.save();
      expect(existsSync(opened.path)).toBe(true);
      const changed = new ContentChangedError("articles/x.md changed on disk during the build");
      expect(isContentChange(changed)).toBe(true);
      expect(isContentChange(new PublishError("upload failed", { cause: changed }))).toBe(true);
      expect(isContentChange(new PublishError("upload failed"))).toBe(false);
      await opened.forget();
      expect(existsSync(opened.path)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
