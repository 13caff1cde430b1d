/**
 * The streaming build (cli/commands/build.ts with no workers): each article's JSON-LD is rendered
 * as its file is checked and waits in a spool, bodies are re-read from the files on demand. These
 * tests hold it to the plain path's bytes and to its safety rules.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildFromFiles } from "../../../functions/cli/commands/build.js";
import { createFileSpool } from "../../../functions/cli/file-spool.js";
import { contentFiles } from "../../../functions/cli/read-content.js";
import { ContentChangedError, createBodyCheckCache, loadContent } from "../../../functions/core/load.js";
import type { SourceFile } from "../../../functions/core/model.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { readOutputs, writeTree } from "../load/helpers.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const temps: string[] = [];
const temp = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `feedpub-${name}-`));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("file spool", () => {
  it("keeps bytes in memory up to its budget, the rest on disk, and gives them back exactly", () => {
    const dir = temp("spool");
    const spool = createFileSpool(10, dir);
    const a = spool.store(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    const b = spool.store(new TextEncoder().encode("é🙂 spilled to disk"));
    const c = spool.store(new Uint8Array(0));
    const d = spool.store(new Uint8Array(100_000).fill(7));
    expect(spool.stats.memoryBytes).toBe(8);
    expect(spool.stats.diskBytes).toBeGreaterThan(100_000);
    expect([...a()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new TextDecoder().decode(b())).toBe("é🙂 spilled to disk");
    expect(c().byteLength).toBe(0);
    expect(Buffer.from(d()).equals(Buffer.alloc(100_000, 7))).toBe(true);
    expect(Buffer.from(b()).equals(Buffer.from(b()))).toBe(true);
    // The spill file is unlinked as soon as it is opened (POSIX): a killed build leaves nothing.
    expect(readdirSync(dir)).toHaveLength(process.platform === "win32" ? 1 : 0);
    spool.close();
    expect(readdirSync(dir)).toHaveLength(0);
    expect(() => b()).toThrow(/after close/);
  });
});

describe("file spool, texts", () => {
  it("keeps each text exactly, across the memory budget's edge and the reused encoding buffer", () => {
    const spool = createFileSpool(40, temp("spool"));
    const texts = ["x".repeat(20), "é🙂".repeat(3), "y".repeat(30), "z".repeat(5000), "<\u2028>"];
    const kept = texts.map((text) => {
      const { reader, bytes } = spool.storeText(text);
      // `bytes` (to hash) is what the reader gives back.
      expect(Buffer.from(bytes).toString("utf8")).toBe(text);
      return reader;
    });
    expect(spool.stats.memoryBytes + spool.stats.diskBytes).toBe(
      texts.reduce((n, t) => n + Buffer.byteLength(t), 0),
    );
    expect(spool.stats.memoryBytes).toBeGreaterThan(0);
    for (const [i, text] of texts.entries())
      expect(Buffer.from(kept[i]?.() ?? []).toString("utf8")).toBe(text);
    spool.close();
  });
});

describe("streaming build", () => {
  const corpus = hostileCorpus(150);

  it("writes the plain path's bytes, with every document spilled to disk and bodies re-read", async () => {
    const content = temp("content");
    writeTree(content, corpus);
    const plainLoad = loadContent(corpus, { now: NOW, bodyCache: createBodyCheckCache() });
    if (!plainLoad.site) throw new Error("site did not load");
    const plain = new Map(
      [
        ...renderSite(
          { site: plainLoad.site, articles: plainLoad.articles },
          { bodyCache: createBodyCheckCache() },
        ),
      ].map((f) => [f.path, Buffer.from(f.body)]),
    );

    const out = temp("out");
    const spoolDir = temp("spooldir");
    const spool = createFileSpool(0, spoolDir);
    const summary = await buildFromFiles(contentFiles(content), out, {
      now: NOW,
      spool,
      rereadBodies: true,
    });
    expect(summary.ok).toBe(true);
    expect(spool.stats.memoryBytes).toBe(0);
    expect(spool.stats.diskBytes).toBeGreaterThan(100_000);
    spool.close();

    const built = readOutputs(out);
    built.delete(".feedpub/manifest.json");
    expect([...built.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const [path, bytes] of plain) expect(built.get(path)?.equals(bytes), path).toBe(true);
  });

  it("refuses a body that changed on disk after it was validated", () => {
    const content = temp("content");
    writeTree(content, corpus);
    const files = contentFiles(content);
    const load = loadContent(files, { now: NOW, bodyCache: createBodyCheckCache(), bodies: "reread" });
    const [article] = load.articles;
    if (!article) throw new Error("no article");
    expect(article.body.length).toBeGreaterThan(0);
    const file = join(content, article.sourcePath);
    writeFileSync(file, `${readFileSync(file, "utf8")}\n\nAn unvalidated paragraph <script>x</script>.\n`);
    expect(() => article.body).toThrow(/changed on disk during the build/);
  });

  it("stops with ContentChangedError, writing nothing, when a file changes between its check and its rendering", async () => {
    let reads = 0;
    const files: SourceFile[] = corpus.map((f) =>
      f.path === "site.yaml"
        ? f
        : {
            path: f.path,
            get bytes() {
              // Every article is read once by the loader; later reads (feed items) see an edit.
              reads++;
              return reads > corpus.length
                ? new TextEncoder().encode("---\ntitle: edited\n---\n\nNew.\n")
                : f.bytes;
            },
          },
    );
    const out = temp("out");
    await expect(buildFromFiles(files, out, { now: NOW, rereadBodies: true })).rejects.toBeInstanceOf(
      ContentChangedError,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("does not write anything when an article is invalid, even with documents already rendered", async () => {
    const content = temp("content");
    writeTree(content, corpus);
    writeFileSync(join(content, "articles", "zz-broken.md"), "---\ntitle: no date\n---\n\nText.\n");
    const out = temp("out");
    const summary = await buildFromFiles(contentFiles(content), out, { now: NOW, rereadBodies: true });
    expect(summary.ok).toBe(false);
    expect(existsSync(join(out, "articles"))).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("recycled read-back buffers", () => {
  it("an asynchronous storage that reads each body late still stores every document's own bytes", async () => {
    const { createMemoryStorage } = await import("../../../functions/storage/index.js");
    const { publishSite } = await import("../../../functions/core/publish/index.js");
    const { loadForPublish } = await import("../../../functions/cli/commands/build.js");
    const corpus = hostileCorpus(120);
    const content = temp("content");
    writeTree(content, corpus);
    const spool = createFileSpool(0, temp("spool"));
    const { load, render } = await loadForPublish(contentFiles(content), {
      now: NOW,
      spool,
      rereadBodies: true,
    });
    if (!load.site) throw new Error("site did not load");
    const inner = createMemoryStorage();
    // Every put waits a few milliseconds (other uploads run meanwhile) before the body is copied.
    const late = {
      ...inner,
      kind: inner.kind,
      location: inner.location,
      get: inner.get.bind(inner),
      head: inner.head.bind(inner),
      delete: inner.delete.bind(inner),
      list: inner.list.bind(inner),
      put: async (path: string, body: Uint8Array, options: Parameters<typeof inner.put>[2]) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
        return inner.put(path, body, options);
      },
    };
    const report = await publishSite(renderSite({ site: load.site, articles: load.articles }, render), late, {
      concurrency: 16,
    });
    spool.close();
    expect(report.puts.length).toBeGreaterThan(100);
    const plain = loadContent(corpus, { now: NOW, bodyCache: createBodyCheckCache() });
    if (!plain.site) throw new Error("site did not load");
    for (const file of renderSite(
      { site: plain.site, articles: plain.articles },
      { bodyCache: createBodyCheckCache() },
    )) {
      const stored = await inner.get(file.path);
      expect(Buffer.from(stored?.body ?? []).equals(Buffer.from(file.body)), file.path).toBe(true);
    }
  });
});
