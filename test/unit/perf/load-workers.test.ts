/**
 * A load shared with worker threads (cli/load-workers.ts, LoadOptions.share) must give exactly the
 * single-thread result: the same diagnostics, articles and output bytes, also when a worker fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromFiles } from "../../../functions/cli/commands/build.js";
import { createFileSpool } from "../../../functions/cli/file-spool.js";
import { loadWorkerCount, MIN_SHARED_FILES, shareLoad } from "../../../functions/cli/load-workers.js";
import { contentFiles } from "../../../functions/cli/read-content.js";
import { createBodyCheckCache, loadContent } from "../../../functions/core/load.js";
import type { Article, LoadResult, SourceFile } from "../../../functions/core/model.js";
import { prerenderArticle } from "../../../functions/core/render/index.js";
import { readOutputs, writeTree } from "../load/helpers.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const ENTRY = fileURLToPath(new URL("../../../functions/cli/load-worker.ts", import.meta.url));

let dir: string;
let workerUrl: URL;
/** Claims one range, then throws. */
let failingUrl: URL;

beforeAll(async () => {
  // The worker runs as plain Node (no vitest transform): bundle its TypeScript entry first.
  dir = mkdtempSync(join(tmpdir(), "feedpub-load-worker-"));
  const outfile = join(dir, "load-worker.mjs");
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "error",
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  workerUrl = pathToFileURL(outfile);
  const failing = join(dir, "failing-worker.mjs");
  writeFileSync(
    failing,
    "export function runLoadWorker(data) { Atomics.add(new Int32Array(data.state), 0, 1); throw new Error('boom'); }\n",
  );
  failingUrl = pathToFileURL(failing);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function temp(name: string): string {
  return mkdtempSync(join(dir, `${name}-`));
}

/** A load's result as data, plus each published article's document bytes. */
function snapshot(load: LoadResult, documents: Map<string, string>) {
  const data = (articles: Article[]) => articles.map((a) => JSON.stringify(a));
  return {
    ok: load.ok,
    diagnostics: load.diagnostics,
    articles: data(load.articles),
    scheduled: data(load.scheduled),
    drafts: data(load.drafts),
    nextScheduledAt: load.nextScheduledAt,
    documents: [...documents].sort(),
  };
}

/** loadContent, streaming, with `workers` load workers (0: this thread only). */
function load(files: SourceFile[], workers: number, url = workerUrl) {
  const documents = new Map<string, string>();
  let fromWorkers = 0;
  const result = loadContent(files, {
    now: NOW,
    bodyCache: createBodyCheckCache(),
    bodies: "reread",
    onArticle(article, facts, site) {
      if (article.draft || article.publishedMs > NOW.getTime()) return;
      const file = prerenderArticle(site, article, facts);
      if (file) documents.set(article.sourcePath, Buffer.from(file.body).toString("base64"));
    },
    share(toLoad, site) {
      if (workers === 0) return undefined;
      const shared = shareLoad(toLoad, site, {
        workers,
        now: NOW.getTime(),
        workerUrl: url,
        afterWorkers: true,
        onDocument(article, stored) {
          documents.set(article.sourcePath, Buffer.from(stored()).toString("base64"));
        },
      });
      const count = <T>(items: Iterable<T>) => {
        const list = [...items];
        fromWorkers += list.length;
        return list;
      };
      return {
        claim: () => shared.claim(),
        received: () => count(shared.received()),
      };
    },
  });
  return { snapshot: snapshot(result, documents), fromWorkers };
}

/** The hostile corpus plus files with errors: a duplicate slug, a bad date, an unknown field. */
function corpusWithErrors(): SourceFile[] {
  const files = hostileCorpus(300);
  const article = files.find((f) => f.path.endsWith(".md"));
  if (!article) throw new Error("no article");
  const text = new TextDecoder().decode(article.bytes);
  const encode = (s: string) => new TextEncoder().encode(s);
  return [
    ...files,
    { path: "articles/zz/duplicate.md", bytes: article.bytes },
    {
      path: "articles/zz/bad-date.md",
      bytes: encode(text.replace(/published: .*/, "published: 2026-13-40")),
    },
    { path: "articles/zz/unknown.md", bytes: encode(text.replace("---\n", "---\ntitel: typo\n")) },
  ];
}

describe("a load shared with worker threads", () => {
  it("gives the single-thread result, documents included, on disk files and with errors", () => {
    const files = corpusWithErrors();
    const content = temp("content");
    writeTree(content, files);
    const plain = load(contentFiles(content), 0);
    expect(plain.snapshot.ok).toBe(false);
    expect(plain.snapshot.diagnostics.length).toBeGreaterThan(3);
    const shared = load(contentFiles(content), 2);
    expect(shared.fromWorkers).toBeGreaterThan(0);
    expect(shared.snapshot).toEqual(plain.snapshot);
  });

  it("gives the single-thread result for files held in memory (their bytes are sent)", () => {
    const files = hostileCorpus(300, 11);
    const plain = load(files, 0);
    expect(plain.snapshot.ok).toBe(true);
    expect(plain.snapshot.documents.length).toBeGreaterThan(200);
    const shared = load(files, 1);
    expect(shared.fromWorkers).toBeGreaterThan(0);
    expect(shared.snapshot).toEqual(plain.snapshot);
  });

  it("loads a failed worker's files on this thread: a worker that cannot start, one that throws", () => {
    const files = hostileCorpus(300, 13);
    const plain = load(files, 0);
    const missing = load(files, 1, pathToFileURL(join(dir, "no-such-worker.mjs")));
    expect(missing.fromWorkers).toBe(0);
    expect(missing.snapshot).toEqual(plain.snapshot);
    const throwing = load(files, 1, failingUrl);
    expect(throwing.fromWorkers).toBe(0);
    expect(throwing.snapshot).toEqual(plain.snapshot);
  });

  it("builds the same bytes with worker documents in spill files", async () => {
    const files = hostileCorpus(400, 17);
    const content = temp("content");
    writeTree(content, files);
    const build = async (workers: number) => {
      const out = temp("out");
      const spool = createFileSpool(0, temp("spool"));
      const summary = await buildFromFiles(contentFiles(content), out, {
        now: NOW,
        spool,
        workers: () => workers,
        share: { workerUrl, afterWorkers: true },
        rereadBodies: true,
      });
      spool.close();
      expect(summary.ok).toBe(true);
      return readOutputs(out);
    };
    const plain = await build(0);
    const shared = await build(2);
    expect(plain.size).toBeGreaterThan(400);
    expect([...shared.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const [path, bytes] of plain) expect(shared.get(path)?.equals(bytes), path).toBe(true);
  });

  it("uses workers for large loads on multi-core machines, or as FEEDPUB_WORKERS says", () => {
    expect(loadWorkerCount(MIN_SHARED_FILES - 1, {})).toBe(0);
    expect(loadWorkerCount(100, { FEEDPUB_WORKERS: "2" })).toBe(2);
    expect(loadWorkerCount(1_000_000, { FEEDPUB_WORKERS: "0" })).toBe(0);
    expect(loadWorkerCount(1_000_000, { FEEDPUB_WORKERS: "many" })).toBe(0);
  });
});
