/**
 * Publishing benchmark: for corpora of 1,000 and 10,000 synthetic articles, on the local folder and
 * on s3rver (the real AWS SDK over loopback), measures a full publish, a no-op republish and a
 * one-article change (time, storage requests, writes), with the peak RSS sampled during each.
 * Every publish includes loading, validating and rendering the content, as `feedpub publish` does.
 *
 *   npx tsx scripts/bench/publish.ts [--quick]      (--quick: 1,000 articles only)
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readContentDir } from "../../functions/cli/read-content.js";
import { loadContent } from "../../functions/core/load.js";
import type { OutputFile, SourceFile } from "../../functions/core/model.js";
import { type PublishReport, publishSite } from "../../functions/core/publish/index.js";
import { renderSite } from "../../functions/core/render/index.js";
import { createFsStorage } from "../../functions/storage/fs.js";
import { createS3Storage } from "../../functions/storage/s3.js";
import type { Storage } from "../../functions/storage/types.js";
import { startS3rver } from "../../test/helpers/s3rver.js";
import { writeCorpus } from "./corpus.js";
import { markdownTable } from "./table.js";

export type BenchTarget = "fs" | "s3rver";

export interface PublishBenchRow {
  articles: number;
  target: BenchTarget;
  scenario: "full publish" | "no-op republish" | "one-article change";
  /** Whole publish, as `feedpub publish` runs it. */
  ms: number;
  /** Of `ms`, loading/validating/rendering; the rest is the engine and storage. */
  contentMs: number;
  requests: number;
  writes: number;
  deletes: number;
  outputs: number;
  /** Peak resident set size sampled during the scenario, MiB. */
  peakRssMiB: number;
}

export interface PublishBenchOptions {
  sizes?: number[];
  targets?: BenchTarget[];
  /** Fixed "now" for loading (after the corpus's newest article). */
  now?: Date;
  log?: (line: string) => void;
}

const NOW = new Date("2026-11-27T00:00:00Z");

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: Math.round(performance.now() - started), peakRssMiB: Math.round(peak / 1048576) };
  } finally {
    clearInterval(timer);
  }
}

/** Publishes like the CLI; `contentMs` is the time spent loading, validating and rendering. */
async function publishFiles(
  files: SourceFile[],
  storage: Storage,
  now: Date,
): Promise<{ report: PublishReport; contentMs: number }> {
  const started = performance.now();
  const load = loadContent(files, { now });
  if (!load.ok || !load.site) {
    const first = load.diagnostics.find((d) => d.severity === "error");
    throw new Error(`bench corpus is invalid: ${first?.file}:${first?.line} ${first?.message}`);
  }
  let contentMs = performance.now() - started;
  const outputs = renderSite({ site: load.site, articles: load.articles });
  // Time spent inside the renderer's generator, as the engine pulls each output.
  function* timed(): Generator<OutputFile> {
    for (;;) {
      const t = performance.now();
      const next = outputs.next();
      contentMs += performance.now() - t;
      if (next.done) return;
      yield next.value;
    }
  }
  const report = await publishSite(timed(), storage);
  return { report, contentMs: Math.round(contentMs) };
}

/** Changes one article's headline (the newest, so it appears in the root and section feeds). */
function editOne(files: SourceFile[]): SourceFile[] {
  const articles = files.filter((f) => f.path.endsWith(".md")).map((f) => f.path);
  const newest = articles.find((p) => p.endsWith("-000000.md"));
  return files.map((f) =>
    f.path === newest
      ? {
          path: f.path,
          bytes: new TextEncoder().encode(
            new TextDecoder().decode(f.bytes).replace(/^title: .*$/m, 'title: "Corrected headline"'),
          ),
        }
      : f,
  );
}

export async function runPublishBench(options: PublishBenchOptions = {}): Promise<PublishBenchRow[]> {
  const sizes = options.sizes ?? [1000, 10000];
  const targets = options.targets ?? ["fs", "s3rver"];
  const now = options.now ?? NOW;
  const log = options.log ?? (() => {});
  const rows: PublishBenchRow[] = [];
  for (const articles of sizes) {
    const dir = await mkdtemp(join(tmpdir(), "feedpub-bench-"));
    try {
      await writeCorpus(join(dir, "content"), { articles, seed: 42 });
      const files = await readContentDir(join(dir, "content"));
      const edited = editOne(files);
      for (const target of targets) {
        log(`bench: ${articles} articles → ${target}`);
        let storage: Storage;
        let stop = async () => {};
        if (target === "fs") {
          storage = createFsStorage({ root: join(dir, "out") });
          stop = () => rm(join(dir, "out"), { recursive: true, force: true });
        } else {
          const s3 = await startS3rver({ buckets: ["bench"] });
          storage = createS3Storage({ bucket: "bench", prefix: "site/", client: s3.client });
          stop = s3.stop;
        }
        try {
          const scenarios: [PublishBenchRow["scenario"], SourceFile[]][] = [
            ["full publish", files],
            ["no-op republish", files],
            ["one-article change", edited],
          ];
          for (const [scenario, input] of scenarios) {
            const { value, ms, peakRssMiB } = await measure(() => publishFiles(input, storage, now));
            const { report, contentMs } = value;
            rows.push({
              articles,
              target,
              scenario,
              ms,
              contentMs,
              requests: report.requests,
              writes: report.puts.length + report.manifestWrites,
              deletes: report.deletes.length,
              outputs: report.puts.length + report.unchanged,
              peakRssMiB,
            });
          }
        } finally {
          await stop();
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function formatPublishBench(rows: PublishBenchRow[]): string {
  const head = [
    "articles",
    "target",
    "scenario",
    "time ms",
    "render ms",
    "requests",
    "writes",
    "deletes",
    "outputs",
    "peak RSS MiB",
  ];
  const body = rows.map((r) => [
    r.articles.toLocaleString("en"),
    r.target,
    r.scenario,
    String(r.ms),
    String(r.contentMs),
    String(r.requests),
    String(r.writes),
    String(r.deletes),
    String(r.outputs),
    String(r.peakRssMiB),
  ]);
  return markdownTable(head, body);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const rows = await runPublishBench({ sizes: quick ? [1000] : [1000, 10000], log: (l) => console.error(l) });
  console.log(formatPublishBench(rows));
  console.log(
    `node ${process.version}, max RSS of the whole run ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
  );
}
