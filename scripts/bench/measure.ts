/**
 * The child process of `npm run bench`: runs one job in a fresh Node process and writes what it
 * cost (`process.resourceUsage()`: user + system CPU, peak RSS) as JSON to STATS_FILE. The parent
 * measures wall time from spawn to exit, so start-up and imports count, as they do for a user.
 *
 *   node lib/scripts/bench/measure.js STATS_FILE feedpub <feedpub args…>
 *   node lib/scripts/bench/measure.js STATS_FILE io-floor CONTENT_DIR SIZES_FILE OUT_DIR
 *
 * `io-floor` is the I/O a build cannot avoid: read every content file, then write as many files of
 * the same sizes (SIZES_FILE: JSON list of [path, bytes]) into OUT_DIR with node:fs.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The bench corpora's "now" (their newest article is dated before it). */
export const NOW = "2026-11-27T00:00:00Z";

export interface ChildStats {
  exitCode: number;
  /** User + system CPU, ms. */
  cpuMs: number;
  /** Peak resident set size, MiB. */
  maxRssMiB: number;
  /** What the job printed on stdout (feedpub's `--json` summary). */
  stdout: string;
}

function readTree(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) bytes += readTree(full);
    else if (entry.isFile()) bytes += readFileSync(full).byteLength;
  }
  return bytes;
}

function ioFloor(content: string, sizesFile: string, out: string): void {
  readTree(content);
  const sizes = JSON.parse(readFileSync(sizesFile, "utf8")) as [string, number][];
  const made = new Set<string>();
  const filler = Buffer.alloc(Math.max(0, ...sizes.map(([, n]) => n)), 0x61);
  for (const [path, size] of sizes) {
    const file = join(out, path);
    const dir = dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(file, filler.subarray(0, size));
  }
}

async function runJob(args: string[]): Promise<{ exitCode: number; stdout: string }> {
  const [mode, ...rest] = args;
  if (mode === "io-floor") {
    const [content, sizesFile, out] = rest;
    if (!content || !sizesFile || !out) throw new Error("io-floor CONTENT_DIR SIZES_FILE OUT_DIR");
    ioFloor(content, sizesFile, out);
    return { exitCode: 0, stdout: "" };
  }
  if (mode !== "feedpub") throw new Error(`unknown job ${mode}`);
  const { main } = await import("../../functions/cli/main.js");
  const { processIo } = await import("../../functions/cli/io.js");
  let stdout = "";
  // A fixed "now" (after every generated article's date) keeps the written counts reproducible.
  const io = {
    ...processIo(),
    now: () => new Date(NOW),
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: () => {},
  };
  const exitCode = await main(rest, io);
  return { exitCode, stdout };
}

const [statsFile, ...job] = process.argv.slice(2);
if (!statsFile) {
  console.error("usage: node lib/scripts/bench/measure.js STATS_FILE (feedpub ARGS… | io-floor …)");
  process.exit(2);
}
const { exitCode, stdout } = await runJob(job);
const usage = process.resourceUsage();
const stats: ChildStats = {
  exitCode,
  cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  maxRssMiB: usage.maxRSS / 1024,
  stdout,
};
writeFileSync(statsFile, JSON.stringify(stats));
process.exitCode = exitCode;
