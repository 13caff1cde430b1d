/**
 * Bundles each Lambda handler exactly as the stack does (infra/constructs/feedpub-function.ts
 * BUNDLING) and reports, per function: minified size (source map excluded), gzip size, and the
 * time Node takes to import the bundle in a fresh process (median of several runs). Also measures
 * the same bundles with the AWS SDK left external (taken from the runtime), the alternative the
 * stack decided against.
 *
 *   npx tsx scripts/bundle-size.ts [--runs 5] [--json] [--strict]
 *
 * Budget (issue 5): ≤ 400 KB minified and ≤ 100 ms import per function. `--strict` exits 1 when
 * a deployed bundle is over budget. Bundles are written under .bench/bundles/ (git-ignored) so
 * that, in the external variant, `@aws-sdk/*` imports resolve from node_modules, as they would
 * from the runtime's copy.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BUNDLING, HANDLER_ENTRIES } from "../infra/constructs/feedpub-function.js";

export const BUDGET = { bytes: 400 * 1024, importMs: 100 } as const;

const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface BundleFigures {
  name: string;
  variant: "deployed (SDK bundled)" | "SDK external (runtime's)";
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  importMs: number;
}

/** Bundles one handler as the stack does (or with `external` overridden); writes `outfile` and its map. */
export async function bundleHandler(
  entry: string,
  outfile: string,
  external: readonly string[] = BUNDLING.external,
): Promise<void> {
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    format: BUNDLING.format,
    platform: BUNDLING.platform,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourcemap,
    sourcesContent: false,
    treeShaking: BUNDLING.treeShaking,
    mainFields: [...BUNDLING.mainFields],
    charset: BUNDLING.charset,
    legalComments: BUNDLING.legalComments,
    banner: { js: BUNDLING.banner },
    external: [...external],
    logLevel: "error",
  });
}

/** Wall time of `await import(file)` in a fresh Node process, with the handler's environment set. */
function importMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], {
    env: {
      PATH: process.env.PATH ?? "",
      AWS_REGION: "us-east-1",
      FEEDPUB_CONTENT_BUCKET: "content-bucket",
      FEEDPUB_SITE_BUCKET: "site-bucket",
      FEEDPUB_DISTRIBUTION_ID: "E2EXAMPLE123",
      FEEDPUB_PUBLISH_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/queue",
      POWERTOOLS_SERVICE_NAME: "bundle-size",
    },
    encoding: "utf8",
  });
  return Number(out);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function measureBundles(runs = 5): Promise<BundleFigures[]> {
  const dir = join(ROOT, ".bench", "bundles");
  rmSync(dir, { recursive: true, force: true });
  const figures: BundleFigures[] = [];
  const variants: { variant: BundleFigures["variant"]; external: readonly string[] }[] = [
    { variant: "deployed (SDK bundled)", external: BUNDLING.external },
    { variant: "SDK external (runtime's)", external: ["@aws-sdk/*"] },
  ];
  for (const { variant, external } of variants) {
    for (const [name, entry] of Object.entries(HANDLER_ENTRIES)) {
      const folder = join(dir, `${name}${external.length ? "-sdk-external" : ""}`);
      mkdirSync(folder, { recursive: true });
      const file = join(folder, "index.mjs");
      await bundleHandler(entry, file, external);
      const code = readFileSync(file);
      const times = Array.from({ length: runs }, () => importMs(file));
      figures.push({
        name,
        variant,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        mapBytes: readFileSync(`${file}.map`).length,
        importMs: median(times),
      });
    }
  }
  return figures;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      json: { type: "boolean" },
      strict: { type: "boolean" },
    },
  });
  const figures = await measureBundles(Number(values.runs));
  const over = figures.filter(
    (f) => f.variant.startsWith("deployed") && (f.bytes > BUDGET.bytes || f.importMs > BUDGET.importMs),
  );
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ budget: BUDGET, node: process.version, figures }, null, 2)}\n`);
  } else {
    const rows = figures.map((f) => [
      f.name,
      f.variant,
      kb(f.bytes),
      kb(f.gzipBytes),
      kb(f.mapBytes),
      `${f.importMs.toFixed(0)} ms`,
      f.variant.startsWith("deployed")
        ? f.bytes <= BUDGET.bytes && f.importMs <= BUDGET.importMs
          ? "ok"
          : "OVER"
        : "",
    ]);
    const header = [
      "function",
      "bundle",
      "minified",
      "gzip",
      "map",
      "import",
      `budget ${kb(BUDGET.bytes)}/${BUDGET.importMs} ms`,
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
    process.stdout.write(
      `${line(header)}\n${rows.map(line).join("\n")}\n(Node ${process.version}; import = median of ${values.runs} fresh processes)\n`,
    );
  }
  if (values.strict && over.length > 0) process.exitCode = 1;
}
