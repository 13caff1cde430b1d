import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBodiesInWorkers, workerCount } from "../../../functions/cli/body-workers.js";
import { createBodyCheckCache, loadContent, startLoad } from "../../../functions/core/load.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const ENTRY = fileURLToPath(new URL("../../../functions/cli/body-worker.ts", import.meta.url));

let dir: string;
let workerUrl: URL;

beforeAll(async () => {
  // The worker runs as plain Node (no vitest transform): bundle its TypeScript entry first.
  dir = mkdtempSync(join(tmpdir(), "feedpub-worker-"));
  const outfile = join(dir, "body-worker.mjs");
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
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function outputsOf(load: ReturnType<typeof loadContent>, bodyCache: ReturnType<typeof createBodyCheckCache>) {
  if (!load.site) throw new Error("no site");
  return new Map(
    [...renderSite({ site: load.site, articles: load.articles }, { bodyCache })].map((f) => [
      f.path,
      Buffer.from(f.body).toString("base64"),
    ]),
  );
}

describe("body checks on worker threads", () => {
  const files = hostileCorpus(200);

  it("give the single-thread load result and the same output bytes", async () => {
    const plainCache = createBodyCheckCache();
    const plain = loadContent(files, { now: NOW, bodyCache: plainCache });

    const cache = createBodyCheckCache();
    const loading = startLoad(files, { now: NOW, bodyCache: cache });
    expect(loading.pending).toHaveLength(212);
    const checked = await checkBodiesInWorkers(loading.pending, cache, {
      workers: 2,
      workerUrl,
      batchSize: 30,
    });
    expect(checked).toBe(212);
    // Every body is now in the cache: finishing parses nothing more.
    expect(startLoad(files, { now: NOW, bodyCache: cache }).pending).toEqual([]);
    const parallel = loading.finish();

    expect(parallel).toEqual(plain);
    expect(outputsOf(parallel, cache)).toEqual(outputsOf(plain, createBodyCheckCache()));
  });

  it("report body problems exactly as the main thread does", async () => {
    const bad = new TextEncoder().encode(
      "---\ntitle: Bad\npublished: 2026-01-01T00:00:00Z\nsection: world\n---\n\nA [link](javascript:x) and \u0001.\n",
    );
    const input = [...files.slice(0, 20), { path: "articles/bad.md", bytes: bad }];
    const plain = loadContent(input, { now: NOW, bodyCache: createBodyCheckCache() });
    const cache = createBodyCheckCache();
    const loading = startLoad(input, { now: NOW, bodyCache: cache });
    await checkBodiesInWorkers(loading.pending, cache, { workers: 2, workerUrl });
    const parallel = loading.finish();
    expect(parallel.ok).toBe(false);
    expect(parallel.diagnostics).toEqual(plain.diagnostics);
    expect(parallel.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(["body.unsafe-url", "body.xml-char"]),
    );
  });

  it("a worker that cannot start leaves the checks to the loader (same result)", async () => {
    const cache = createBodyCheckCache();
    const loading = startLoad(files, { now: NOW, bodyCache: cache });
    const missing = pathToFileURL(join(dir, "no-such-worker.mjs"));
    expect(await checkBodiesInWorkers(loading.pending, cache, { workers: 2, workerUrl: missing })).toBe(0);
    expect(loading.finish()).toEqual(loadContent(files, { now: NOW, bodyCache: createBodyCheckCache() }));
  });

  it("are used only when FEEDPUB_WORKERS asks for them", () => {
    expect(workerCount(100, {})).toBe(0);
    expect(workerCount(100, { FEEDPUB_WORKERS: "3" })).toBe(3);
    expect(workerCount(1_000_000, { FEEDPUB_WORKERS: "0" })).toBe(0);
    expect(workerCount(1_000_000, { FEEDPUB_WORKERS: "many" })).toBe(0);
  });
});
