/**
 * The watch-mode part of `npm run bench` (issue 5: "a `feedpub preview --watch` rebuild ≤ 15 ms
 * from file event to files written" at 10,000 articles).
 *
 * Starts the real `feedpub preview --watch` (compiled lib/, in a fresh Node process, output on
 * tmpfs) on a bench corpus, waits for its first build, then edits the newest article (in the root
 * and section feeds: its JSON-LD and six feeds change) and an archive article (the oldest: only its
 * JSON-LD changes) several times each, one edit at a time, and restores both files byte for byte.
 *
 * Two figures per edit:
 *   - end to end: from just before the edited file is written (by this process, like an editor's
 *     save) to the moment the last output file the rebuild wrote was renamed into place, seen by
 *     fs.watch on the output folders. It includes the watcher's event latency and debounce.
 *   - reported: the preview's own "rebuilt … in N ms" figure (from its first file event to the
 *     files written).
 * Edits are spaced (`gapMs`, longer than the preview's manifest delay) so each starts from a settled
 * preview, as a person's saves do.
 *
 *   node lib/scripts/bench/watch.js child CONTENT_DIR OUT_DIR   (the preview process; internal)
 */
import { spawn } from "node:child_process";
import { type FSWatcher, readdirSync, readFileSync, watch, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "./stats.js";

export type WatchScenario = "watch rebuild (newest)" | "watch rebuild (archive)";

/** Issue 5's target for the watch rebuild (end to end, ms), per corpus size. */
export const WATCH_TARGETS: Record<string, number> = { "watch rebuild (newest)/10000": 15 };

export interface WatchEdit {
  /** From the write of the edited file to the last output file renamed into place. */
  endToEndMs: number;
  /** What the preview printed: from its first file event to the files written. */
  reportedMs: number;
  /** The preview process's CPU time (user + system) from just before the edit to its rebuild line. */
  cpuMs: number;
  written: number;
}

export interface WatchResult {
  articles: number;
  scenario: WatchScenario;
  edits: WatchEdit[];
  /** The preview process's peak RSS over the whole session (first build included). */
  maxRssMiB: number;
  /** From spawn to "serving" (first full build included). */
  startMs: number;
}

export interface WatchBenchOptions {
  articles: number;
  content: string;
  out: string;
  /** Edits per scenario. */
  edits: number;
  /** Pause between edits, ms; longer than the preview's manifest delay (1 s). @default 1200 */
  gapMs?: number;
  log: (line: string) => void;
}

const SELF = fileURLToPath(import.meta.url);
/** measure.ts's NOW (the bench corpora's "now"; measure.js runs a job when imported, so it is not imported). */
const NOW = "2026-11-27T00:00:00Z";
const REBUILT = /^rebuilt \((?:full|incremental)\) in ([\d.]+) ms after .* changed: (\d+) written/;
const STATS = "feedpub-bench-stats ";
const CPU_LINE = "feedpub-bench-cpu ";
const CPU = /^feedpub-bench-cpu ([\d.]+)$/;
const TEMP = ".feedpub-tmp-";
const TIMEOUT_MS = 60_000;
/** The first build of a large corpus takes a while (50,000 articles: about a minute on 2 vCPUs). */
const FIRST_BUILD_TIMEOUT_MS = 30 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The article file whose name ends with `-<index, 6 digits>.md` (the corpus's naming). */
export function articleFile(content: string, index: number): string {
  const suffix = `-${String(index).padStart(6, "0")}.md`;
  const find = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        const hit = find(full);
        if (hit) return hit;
      } else if (entry.name.endsWith(suffix)) return full;
    }
    return undefined;
  };
  const hit = find(join(content, "articles"));
  if (!hit) throw new Error(`bench: no *${suffix} article in ${content}`);
  return hit;
}

/** Lines the preview prints, awaited one rebuild at a time. */
class PreviewOutput {
  readonly #lines: string[] = [];
  #wake: (() => void) | undefined;
  #buffer = "";
  #ended = false;
  text = "";

  push(chunk: string): void {
    this.text += chunk;
    this.#buffer += chunk;
    const parts = this.#buffer.split("\n");
    this.#buffer = parts.pop() ?? "";
    this.#lines.push(...parts);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** Drops the lines not read yet. */
  drain(): void {
    this.#lines.length = 0;
  }

  /** The next line matching `pattern` (earlier lines are dropped). */
  async next(pattern: RegExp, what: string, timeoutMs = TIMEOUT_MS): Promise<RegExpExecArray> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      while (this.#lines.length > 0) {
        const line = this.#lines.shift() as string;
        const match = pattern.exec(line);
        if (match) return match;
        if (line.startsWith("feedpub preview: content has errors"))
          throw new Error(`bench: the preview reported content errors while waiting for ${what}`);
      }
      if (this.#ended) throw new Error(`bench: the preview exited while waiting for ${what}:\n${this.text}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`bench: no ${what} within ${timeoutMs} ms:\n${this.text.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}

/** When output files were renamed into place (fs.watch on the output folders). */
class OutputWrites {
  /** Output path → when it was last renamed into place, since `clear`. */
  readonly seen = new Map<string, number>();
  /** Renames since `clear` (a file written twice counts twice). */
  count = 0;
  #error: Error | undefined;
  readonly #watchers: FSWatcher[] = [];

  constructor(out: string) {
    const dirs = [out, join(out, "articles")];
    for (const section of readdirSync(join(out, "sections"))) dirs.push(join(out, "sections", section));
    for (const dir of dirs) {
      const rel = dir === out ? "" : `${dir.slice(out.length + 1)}/`;
      this.#watchers.push(
        watch(dir, (type, name) => {
          const at = performance.now();
          if (type !== "rename" || !name || name.startsWith(TEMP)) return;
          this.seen.set(`${rel}${name}`, at);
          this.count++;
        }).on("error", (error) => {
          this.#error = error;
        }),
      );
    }
  }

  clear(): void {
    this.seen.clear();
    this.count = 0;
  }

  /** Resolves with the time of the last rename once `count` renames were seen since `clear`. */
  async last(count: number): Promise<number> {
    const deadline = performance.now() + TIMEOUT_MS;
    while (this.count < count) {
      if (this.#error) throw this.#error;
      if (performance.now() > deadline)
        throw new Error(
          `bench: saw ${this.count} of ${count} output files renamed into place (${[...this.seen.keys()].join(", ")})`,
        );
      await sleep(1);
    }
    return Math.max(...this.seen.values());
  }

  close(): void {
    for (const watcher of this.#watchers) watcher.close();
  }
}

export interface WatchSummary {
  articles: number;
  scenario: WatchScenario;
  endToEndMs: number;
  endToEndMaxMs: number;
  reportedMs: number;
  /** Median CPU time of the preview process per rebuild. */
  cpuMs: number;
  written: number;
  maxRssMiB: number;
  /** "ok", "OVER" or "" (no target). */
  target: string;
}

export function summarizeWatch(result: WatchResult): WatchSummary {
  const endToEndMs = median(result.edits.map((e) => e.endToEndMs));
  const target = WATCH_TARGETS[`${result.scenario}/${result.articles}`];
  return {
    articles: result.articles,
    scenario: result.scenario,
    endToEndMs: Math.round(endToEndMs * 10) / 10,
    endToEndMaxMs: Math.round(Math.max(...result.edits.map((e) => e.endToEndMs)) * 10) / 10,
    reportedMs: Math.round(median(result.edits.map((e) => e.reportedMs)) * 10) / 10,
    cpuMs: Math.round(median(result.edits.map((e) => e.cpuMs)) * 10) / 10,
    written: median(result.edits.map((e) => e.written)),
    maxRssMiB: result.maxRssMiB,
    target: target === undefined ? "" : endToEndMs > target ? "OVER" : "ok",
  };
}

export async function runWatchBench(options: WatchBenchOptions): Promise<WatchResult[]> {
  const { articles, content, out, log } = options;
  const gapMs = options.gapMs ?? 1200;
  const files = { newest: articleFile(content, 0), archive: articleFile(content, articles - 1) };
  /** The JSON-LD each edit rewrites (the corpus's slugs are the file names). */
  const docs = {
    newest: join(out, "articles", basename(files.newest).replace(/\.md$/, ".jsonld")),
    archive: join(out, "articles", basename(files.archive).replace(/\.md$/, ".jsonld")),
  };
  const originals = {
    newest: readFileSync(files.newest),
    archive: readFileSync(files.archive),
  };
  const spawned = performance.now();
  const proc = spawn(process.execPath, [SELF, "child", content, out], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  /** The preview process's CPU time so far (user + system, ms), asked over IPC. */
  const cpuNow = () =>
    new Promise<number>((resolve) => {
      proc.once("message", (message) => resolve((message as { cpuMs: number }).cpuMs));
      proc.send("cpu");
    });
  const output = new PreviewOutput();
  let stderr = "";
  proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  proc.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", resolve));
  void exited.then(() => output.end());
  let writes: OutputWrites | undefined;
  const edited = new Set<keyof typeof files>();
  const results: WatchResult[] = [];
  try {
    await output.next(/^feedpub preview: serving /, "the first build", FIRST_BUILD_TIMEOUT_MS);
    const startMs = performance.now() - spawned;
    log(`bench: ${articles} articles, preview --watch up in ${Math.round(startMs)} ms`);
    writes = new OutputWrites(out);
    // After its first build the preview prepares the feeds' items in the background (under a
    // second at 10,000 articles); a person's first edit comes later than that too.
    await sleep(Math.max(gapMs, 3000));
    for (const kind of ["newest", "archive"] as const) {
      const scenario: WatchScenario = `watch rebuild (${kind})`;
      const edits: WatchEdit[] = [];
      for (let i = 1; i <= options.edits; i++) {
        const marker = `A watch-mode correction, revision ${i}.`;
        const bytes = Buffer.concat([originals[kind], Buffer.from(`\n${marker}\n`)]);
        const cpuBefore = await cpuNow();
        output.drain();
        writes.clear();
        edited.add(kind);
        const started = performance.now();
        writeFileSync(files[kind], bytes);
        // Until the edited article's JSON-LD holds the whole edit (a rebuild may have caught the
        // file half written; then the next one counts too).
        let renames = 0;
        let line: RegExpExecArray;
        let cpuAfter: number;
        let end: number;
        do {
          line = await output.next(REBUILT, `the rebuild after edit ${i} of the ${kind} article`);
          cpuAfter = Number((await output.next(CPU, "the preview's CPU time"))[1]);
          renames += Number(line[2]);
          end = await writes.last(renames);
        } while (!readFileSync(docs[kind], "utf8").includes(marker));
        edits.push({
          endToEndMs: end - started,
          reportedMs: Number(line[1]),
          cpuMs: cpuAfter - cpuBefore,
          written: Number(line[2]),
        });
        await sleep(gapMs);
      }
      log(
        `bench: ${articles} articles, ${scenario}: ${edits.map((e) => `${e.endToEndMs.toFixed(1)}/${e.reportedMs}/${e.cpuMs.toFixed(1)}`).join(" ")} ms (end to end/reported/CPU)`,
      );
      results.push({ articles, scenario, edits, maxRssMiB: 0, startMs });
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\npreview's stderr: ${stderr.slice(-2000) || "(empty)"}`, {
      cause: error,
    });
  } finally {
    // Leave the cached corpus byte-identical, and let the preview see it before it stops.
    for (const kind of edited) {
      writeFileSync(files[kind], originals[kind]);
      if (proc.exitCode === null)
        await output.next(REBUILT, `the rebuild after restoring the ${kind} article`).catch(() => {});
    }
    writes?.close();
    proc.kill("SIGTERM");
    await exited;
  }
  const statsLine = output.text.split("\n").find((line) => line.startsWith(STATS));
  if (!statsLine) throw new Error(`bench: the preview did not report its figures:\n${stderr.slice(-2000)}`);
  const stats = JSON.parse(statsLine.slice(STATS.length)) as { maxRssMiB: number };
  for (const result of results) result.maxRssMiB = Math.round(stats.maxRssMiB);
  return results;
}

/** The preview process: `feedpub preview --watch` with the bench's fixed "now", printing as it goes. */
async function child(content: string, out: string): Promise<void> {
  const { main } = await import("../../functions/cli/main.js");
  const { processIo } = await import("../../functions/cli/io.js");
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  // The parent asks for the CPU time before each edit; each rebuild line is followed by it.
  process.on("message", () => process.send?.({ cpuMs: cpuMs() }));
  process.channel?.unref();
  const base = processIo();
  const io = {
    ...base,
    now: () => new Date(NOW),
    stdout: (text: string) => {
      base.stdout(text);
      if (text.startsWith("rebuilt ")) base.stdout(`${CPU_LINE}${cpuMs()}\n`);
    },
  };
  const code = await main(
    ["preview", "--watch", "--content", content, "--dir", out, "--port", "0", "--quiet"],
    io,
  );
  const usage = process.resourceUsage();
  process.stdout.write(
    `${STATS}${JSON.stringify({ exitCode: code, maxRssMiB: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\n`,
  );
  process.exitCode = code;
  process.disconnect?.();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv[2] === "child") {
  const [content, out] = process.argv.slice(3);
  if (!content || !out) {
    console.error("usage: node lib/scripts/bench/watch.js child CONTENT_DIR OUT_DIR");
    process.exit(2);
  }
  await child(content, out);
}
