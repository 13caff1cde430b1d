/**
 * `npm run bench`: feedpub's performance figures (issue 5). For each corpus size (1,000 / 10,000 /
 * 50,000 generated articles, cached under .bench/ by size and seed) it measures, each in a FRESH
 * Node process (start-up and imports count) writing to tmpfs (/dev/shm when present):
 *
 *   - full build          `feedpub build` into an empty folder, no render cache (cold)
 *   - no-op rebuild       the same build again (nothing changes; the render cache is warm)
 *   - one-article change  one article's body edited, then `feedpub build` (objects written counted)
 *   - I/O floor           read every content file and write as many files of the same sizes with node:fs
 *   - watch rebuild       `feedpub preview --watch` running; the newest article (in the feeds) and an
 *                         archive article edited several times each; from the write to the last
 *                         output renamed into place (scripts/bench/watch.ts; `--no-watch` to skip)
 *
 * Each figure is the median of `--runs` runs (default 3): wall time (spawn to exit), CPU (user +
 * system) and peak RSS, with wall time as a ratio to the I/O floor measured in the same run (the
 * machines are noisy; the ratio is steadier). Then C's publish bench against s3rver (`--no-s3` to
 * skip) and D's Lambda bundle report (`--no-bundles` to skip).
 *
 *   npm run bench -- [--quick] [--runs N] [--sizes 1000,10000] [--seed N] [--json] [--no-s3] [--no-bundles]
 *                    [--no-watch] [--watch-edits N] [--watch-only]
 *
 * `--quick` (for CI): the 1,000 case only, one run; nothing is asserted about time.
 */

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeCorpus } from "./bench/corpus.js";
import type { ChildStats } from "./bench/measure.js";
import { median } from "./bench/stats.js";
import { markdownTable } from "./bench/table.js";
import { articleFile, runWatchBench, summarizeWatch, type WatchScenario } from "./bench/watch.js";

// Run compiled (lib/scripts/bench.js, as `npm run bench` does): the children are compiled too.
const ROOT = fileURLToPath(
  new URL(import.meta.url.includes("/lib/scripts/") ? "../../" : "../", import.meta.url),
);
const MEASURE = join(ROOT, "lib", "scripts", "bench", "measure.js");

/** Issue 5's targets for the local folder (wall ms, CPU ms, peak MiB, objects written). */
export const TARGETS: Record<string, { wallMs?: number; cpuMs?: number; rssMiB?: number; written?: number }> =
  {
    "full build/1000": { wallMs: 450 },
    "full build/10000": { wallMs: 2000, cpuMs: 3000, rssMiB: 300 },
    "full build/50000": { wallMs: 10_000, rssMiB: 400 },
    "one-article change/10000": { wallMs: 300, written: 12 },
  };

type BuildScenario = "full build" | "no-op rebuild" | "one-article change" | "I/O floor";

export interface BenchRow {
  articles: number;
  scenario: BuildScenario | WatchScenario;
  /** Watch rows: median end to end (edit written → last output renamed into place). */
  wallMs: number;
  /** Watch rows: the preview process's median CPU time per rebuild (edit → its rebuild line). */
  cpuMs: number | null;
  maxRssMiB: number;
  /** Objects written (feedpub's `written`, manifest not counted); for the floor, files written. */
  written: number;
  /** wallMs / the I/O floor's wallMs of the same size and run; null for watch rows. */
  floorRatio: number | null;
  /** "ok", "OVER" or "" (no target). */
  target: string;
  /** Watch rows: the slowest edit end to end, and the preview's own median figure (first fs event → written). */
  watch?: { maxMs: number; reportedMs: number };
}

/** One run of a build scenario. */
type BuildSample = Omit<BenchRow, "target" | "floorRatio" | "cpuMs" | "watch"> & { cpuMs: number };

/** The generated corpus for (size, seed), written once under .bench/. */
async function corpusDir(articles: number, seed: number, log: (l: string) => void): Promise<string> {
  const dir = join(ROOT, ".bench", `corpus-${articles}-s${seed}`);
  const done = join(dir, ".complete");
  if (!existsSync(done)) {
    log(`bench: generating ${articles} articles (seed ${seed}) in ${relative(ROOT, dir)}`);
    rmSync(dir, { recursive: true, force: true });
    await writeCorpus(dir, { articles, seed });
    writeFileSync(done, "");
  }
  return dir;
}

/** Runs one job in a fresh process; wall time from spawn to exit. */
function child(job: string[], env: Record<string, string> = {}): Promise<ChildStats & { wallMs: number }> {
  const statsFile = join(
    tmpdir(),
    `feedpub-bench-${process.pid}-${Math.random().toString(36).slice(2)}.json`,
  );
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [MEASURE, statsFile, ...job], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, ...env },
    });
    proc.on("error", reject);
    proc.on("exit", () => {
      const wallMs = performance.now() - started;
      try {
        const stats = JSON.parse(readFileSync(statsFile, "utf8")) as ChildStats;
        rmSync(statsFile, { force: true });
        resolve({ ...stats, wallMs });
      } catch (error) {
        reject(new Error(`bench: ${job.join(" ")} did not report its figures`, { cause: error }));
      }
    });
  });
}

async function feedpub(
  content: string,
  out: string,
  cacheDir: string,
): Promise<ChildStats & { wallMs: number; written: number }> {
  const stats = await child(["feedpub", "build", "--content", content, "--out", out, "--json"], {
    FEEDPUB_CACHE_DIR: cacheDir,
  });
  if (stats.exitCode !== 0) throw new Error(`bench: feedpub build failed:\n${stats.stdout.slice(0, 2000)}`);
  const summary = JSON.parse(stats.stdout) as { written: string[] };
  return { ...stats, written: summary.written.length };
}

/** [path, size] of every file under `dir` (the build's outputs, for the I/O floor). */
function sizesOf(dir: string, prefix = "", out: [string, number][] = []): [string, number][] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) sizesOf(join(dir, entry.name), rel, out);
    else out.push([rel, statSync(join(dir, entry.name)).size]);
  }
  return out;
}

/** The article the one-article change edits (the newest: it is in the root and section feeds). */
function newestArticle(content: string): string {
  return articleFile(content, 0);
}

function judge(key: string, row: Omit<BenchRow, "target" | "floorRatio">): string {
  const t = TARGETS[key];
  if (!t) return "";
  const over =
    (t.wallMs !== undefined && row.wallMs > t.wallMs) ||
    (t.cpuMs !== undefined && row.cpuMs !== null && row.cpuMs > t.cpuMs) ||
    (t.rssMiB !== undefined && row.maxRssMiB > t.rssMiB) ||
    (t.written !== undefined && row.written > t.written);
  return over ? "OVER" : "ok";
}

export interface BenchOptions {
  sizes: number[];
  runs: number;
  seed: number;
  /** Edits per watch scenario; 0 skips the watch bench. */
  watchEdits: number;
  /** Only the watch bench (no build scenarios). */
  watchOnly?: boolean;
  log: (line: string) => void;
}

export async function runBench(options: BenchOptions): Promise<BenchRow[]> {
  const scratch = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const rows: BenchRow[] = [];
  for (const articles of options.sizes) {
    const content = await corpusDir(articles, options.seed, options.log);
    const out = join(scratch, `feedpub-bench-out-${process.pid}`);
    const floorOut = join(scratch, `feedpub-bench-floor-${process.pid}`);
    const sizesFile = join(scratch, `feedpub-bench-sizes-${process.pid}.json`);
    const cacheDir = join(scratch, `feedpub-bench-cache-${process.pid}`);
    const edited = newestArticle(content);
    const original = readFileSync(edited);
    const samples: Record<BuildScenario, BuildSample[]> = {
      "full build": [],
      "no-op rebuild": [],
      "one-article change": [],
      "I/O floor": [],
    };
    try {
      for (let run = 0; run < (options.watchOnly ? 0 : options.runs); run++) {
        options.log(`bench: ${articles} articles, run ${run + 1} of ${options.runs}`);
        // Cold: no output folder, no render cache.
        rmSync(out, { recursive: true, force: true });
        rmSync(cacheDir, { recursive: true, force: true });
        const full = await feedpub(content, out, cacheDir);
        samples["full build"].push({ articles, scenario: "full build", ...full });
        const noop = await feedpub(content, out, cacheDir);
        samples["no-op rebuild"].push({ articles, scenario: "no-op rebuild", ...noop });
        // A new sentence at the end of the newest article's body (different on every run).
        writeFileSync(
          edited,
          Buffer.concat([original, Buffer.from(`\nA correction, revision ${run + 1}.\n`)]),
        );
        const change = await feedpub(content, out, cacheDir);
        writeFileSync(edited, original);
        samples["one-article change"].push({ articles, scenario: "one-article change", ...change });

        const sizes = sizesOf(out).filter(([path]) => !path.startsWith(".feedpub/"));
        writeFileSync(sizesFile, JSON.stringify(sizes));
        rmSync(floorOut, { recursive: true, force: true });
        const floor = await child(["io-floor", content, sizesFile, floorOut]);
        samples["I/O floor"].push({ articles, scenario: "I/O floor", ...floor, written: sizes.length });
      }
    } finally {
      writeFileSync(edited, original);
      for (const path of [out, floorOut, sizesFile, cacheDir]) rmSync(path, { recursive: true, force: true });
    }
    // Ratios per run (same run's floor), then medians.
    const floors = samples["I/O floor"].map((s) => s.wallMs);
    for (const scenario of Object.keys(samples) as BuildScenario[]) {
      const list = samples[scenario];
      if (list.length === 0) continue;
      const row = {
        articles,
        scenario,
        wallMs: Math.round(median(list.map((s) => s.wallMs))),
        cpuMs: Math.round(median(list.map((s) => s.cpuMs))),
        maxRssMiB: Math.round(median(list.map((s) => s.maxRssMiB))),
        written: median(list.map((s) => s.written)),
      };
      const floorRatio = median(list.map((s, i) => s.wallMs / (floors[i] as number)));
      rows.push({ ...row, floorRatio, target: judge(`${scenario}/${articles}`, row) });
    }
    if (options.watchEdits > 0) {
      const watchOut = join(scratch, `feedpub-bench-watch-${process.pid}`);
      rmSync(watchOut, { recursive: true, force: true });
      try {
        const results = await runWatchBench({
          articles,
          content,
          out: watchOut,
          edits: options.watchEdits,
          log: options.log,
        });
        for (const w of results.map(summarizeWatch)) {
          rows.push({
            articles,
            scenario: w.scenario,
            wallMs: w.endToEndMs,
            cpuMs: w.cpuMs,
            maxRssMiB: w.maxRssMiB,
            written: w.written,
            floorRatio: null,
            target: w.target,
            watch: { maxMs: w.endToEndMaxMs, reportedMs: w.reportedMs },
          });
        }
      } finally {
        rmSync(watchOut, { recursive: true, force: true });
      }
    }
  }
  return rows;
}

export function formatBench(rows: BenchRow[]): string {
  const head = [
    "articles",
    "scenario",
    "wall ms",
    "CPU ms",
    "peak RSS MiB",
    "written",
    "× I/O floor",
    "target",
  ];
  const body = rows.map((r) => [
    r.articles.toLocaleString("en"),
    r.scenario,
    String(r.wallMs),
    r.cpuMs === null ? "" : String(r.cpuMs),
    String(r.maxRssMiB),
    String(r.written),
    r.floorRatio === null ? "" : r.floorRatio.toFixed(2),
    r.target,
  ]);
  return markdownTable(head, body);
}

/** The watch rows in detail: median and slowest edit end to end, and the preview's own figure. */
export function formatWatchBench(rows: BenchRow[]): string {
  const head = [
    "articles",
    "edit",
    "end to end ms (median)",
    "slowest",
    "preview's figure ms",
    "CPU ms",
    "written",
  ];
  const body = rows.flatMap((r) =>
    r.watch
      ? [
          [
            r.articles.toLocaleString("en"),
            r.scenario.replace("watch rebuild ", ""),
            String(r.wallMs),
            String(r.watch.maxMs),
            String(r.watch.reportedMs),
            String(r.cpuMs),
            String(r.written),
          ],
        ]
      : [],
  );
  return markdownTable(head, body);
}

function machine(): string {
  return `Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? "unknown"}), ${process.platform}/${process.arch}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean" },
      runs: { type: "string" },
      sizes: { type: "string" },
      seed: { type: "string", default: "1" },
      json: { type: "boolean" },
      "no-s3": { type: "boolean" },
      "no-bundles": { type: "boolean" },
      "no-watch": { type: "boolean" },
      "watch-edits": { type: "string" },
      "watch-only": { type: "boolean" },
    },
  });
  const quick = values.quick === true;
  const sizes = quick ? [1000] : (values.sizes?.split(",").map(Number) ?? [1000, 10_000, 50_000]);
  const runs = quick ? 1 : Number(values.runs ?? 3);
  const watchEdits = values["no-watch"] ? 0 : Number(values["watch-edits"] ?? (quick ? 3 : 7));
  if (
    sizes.some((n) => !Number.isInteger(n) || n < 1) ||
    !Number.isInteger(runs) ||
    runs < 1 ||
    !Number.isInteger(watchEdits) ||
    watchEdits < 0
  ) {
    console.error(
      "bench: --sizes takes positive integers (1000,10000), --runs a positive integer, --watch-edits a whole number",
    );
    process.exit(2);
  }
  const log = (line: string) => console.error(line);
  mkdirSync(join(ROOT, ".bench"), { recursive: true });
  const rows = await runBench({
    sizes,
    runs,
    seed: Number(values.seed),
    watchEdits,
    watchOnly: values["watch-only"] === true,
    log,
  });
  const result: Record<string, unknown> = { machine: machine(), runs, rows };
  if (!values.json) {
    console.log(`\nLocal folder (tmpfs), median of ${runs} run(s); ${machine()}`);
    console.log(formatBench(rows));
    if (rows.some((r) => r.watch)) {
      console.log(
        `\nWatch rebuilds (\`preview --watch\`, ${watchEdits} edits each): end to end = the edited file written → the last output renamed into place (includes the watcher's debounce); the preview's figure = its first file event → files written`,
      );
      console.log(formatWatchBench(rows));
    }
  }
  if (!values["no-s3"]) {
    const { runPublishBench, formatPublishBench } = await import("./bench/publish.js");
    const s3rows = await runPublishBench({
      sizes: quick ? [1000] : [1000, 10_000],
      targets: ["s3rver"],
      log,
    });
    result.s3rver = s3rows;
    if (!values.json)
      console.log(`\nPublish to s3rver (AWS SDK over loopback, in-process)\n${formatPublishBench(s3rows)}`);
  }
  if (!values["no-bundles"]) {
    // D's report bundles the TypeScript sources with esbuild, so it runs from source (tsx).
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    const args = [join(ROOT, "scripts", "bundle-size.ts"), "--runs", quick ? "1" : "5"];
    if (values.json) {
      result.bundles = JSON.parse(execFileSync(tsx, [...args, "--json"], { cwd: ROOT, encoding: "utf8" }));
    } else {
      console.log("\nLambda bundles");
      console.log(execFileSync(tsx, args, { cwd: ROOT, encoding: "utf8" }));
    }
  }
  if (values.json) console.log(JSON.stringify(result, null, 2));
}
