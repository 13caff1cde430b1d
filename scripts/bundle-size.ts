/**
 * Bundles each Lambda handler exactly as the stack does (infra/constructs/feedpub-function.ts
 * BUNDLING) and reports, per function: minified size (source map excluded), gzip size, the time
 * Node takes to import the bundle in a fresh process, and the cold start (importing the bundle and
 * a first invocation, which loads the AWS SDK clients: the deployed bundles take them from the
 * Lambda runtime), medians of several runs, against issue 5's budget. For comparison, the same
 * bundles with the SDK bundled in (the alternative the stack decided against).
 *
 *   npx tsx scripts/bundle-size.ts [--runs 5] [--json] [--strict] [--packages 15]
 *
 * Budget (issue 5): ≤ 400 KB minified and ≤ 100 ms import per function. "KB" could be read as
 * 1,000 or 1,024 bytes; the budget is the stricter reading, 400,000 bytes (390.6 KiB), which meets
 * both. Sizes are printed in bytes and in KiB (1,024 bytes). `--strict` exits 1 when a deployed
 * bundle is over either limit. `--packages N` lists each deployed bundle's N largest
 * contributors (npm packages, or our own folders) from esbuild's metafile. Bundles are written
 * under .bench/bundles/ (git-ignored) so that the external `@aws-sdk/*` imports resolve from
 * node_modules, as they resolve from the runtime's copy on Lambda.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { BUNDLING, HANDLER_ENTRIES } from "../infra/constructs/feedpub-function.js";
import { median } from "./bench/stats.js";

/** 400 KB read as 400,000 bytes (not 400 KiB = 409,600), so that it holds under either reading. */
export const BUDGET = { bytes: 400_000, importMs: 100 } as const;

const ROOT = fileURLToPath(new URL("../", import.meta.url));

export type Variant = "deployed (SDK from the runtime)" | "SDK bundled (not deployed)";

export interface BundleFigures {
  name: string;
  variant: Variant;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  /** Median time to import the bundle in a fresh Node process. */
  importMs: number;
  /** Median time to import the bundle and run a first invocation (SDK loaded, first request refused). */
  coldStartMs: number;
  /** External packages the bundle imports at run time (the runtime's AWS SDK clients). */
  externalImports: string[];
  /** Bytes in the bundle per npm package (or per folder of ours), largest first. */
  packages: { name: string; bytes: number }[];
  /** Within budget (deployed variant only). */
  ok?: boolean;
}

/**
 * Bundles one handler as the stack does (or with `external` overridden); writes `outfile` and its
 * map, returns esbuild's metafile.
 */
export async function bundleHandler(
  entry: string,
  outfile: string,
  external: readonly string[] = BUNDLING.external,
): Promise<Metafile> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    absWorkingDir: ROOT,
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
    alias: { ...BUNDLING.alias },
    metafile: true,
    logLevel: "error",
  });
  return result.metafile;
}

/** Package (or our own top-level folder) → bytes in the output, largest first. */
export function packageSizes(metafile: Metafile): { name: string; bytes: number }[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const sizes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(file);
    const name = inPackage?.[1] ?? file.split("/").slice(0, 2).join("/");
    sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The external packages the bundle imports (statically or on first use). */
export function externalImports(metafile: Metafile): string[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  return [...new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path))]
    .filter((path) => !isBuiltin(path))
    .sort();
}

/** The handler's environment, with every AWS endpoint on a closed loopback port. */
const HANDLER_ENV = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  AWS_MAX_ATTEMPTS: "1",
  FEEDPUB_CONTENT_BUCKET: "content-bucket",
  FEEDPUB_SITE_BUCKET: "site-bucket",
  FEEDPUB_DISTRIBUTION_ID: "E2EXAMPLE123",
  FEEDPUB_PUBLISH_QUEUE_URL: "http://127.0.0.1:9/123456789012/queue",
  FEEDPUB_SERVICE_NAME: "bundle-size",
};

/** An event each handler acts on: its first request (to the closed port) fails at once. */
const S3_RECORD = {
  eventName: "ObjectCreated:Put",
  s3: { bucket: { name: "content-bucket" }, object: { key: "articles/a.md", eTag: "x" } },
};
const FIRST_EVENTS: Record<string, unknown> = {
  validate: { Records: [S3_RECORD] },
  publish: { Records: [{ messageId: "m-1", body: JSON.stringify({ Records: [S3_RECORD] }) }] },
  schedule: { id: "e-1", time: "2026-01-01T00:00:00Z", "detail-type": "Scheduled Event" },
};

/**
 * In a fresh Node process with the handler's environment: the wall time of `await import(file)`,
 * and of that plus a first invocation, which loads and sets up the AWS SDK clients and then fails
 * on its first request (nothing listens on the endpoint; no retries). That is a cold start minus
 * the network.
 */
function importTimes(file: string, event: unknown): { importMs: number; coldStartMs: number } {
  const script = `const t=performance.now();const{handler}=await import(${JSON.stringify(file)});const a=performance.now()-t;
try{await handler(${JSON.stringify(event)})}catch{}
process.stdout.write("\\n@@"+JSON.stringify([a,performance.now()-t]));`;
  const out = execFileSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...HANDLER_ENV },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [importMs, coldStartMs] = JSON.parse(out.slice(out.lastIndexOf("@@") + 2)) as [number, number];
  return { importMs, coldStartMs };
}

export function withinBudget(f: Pick<BundleFigures, "bytes" | "importMs">): boolean {
  return f.bytes <= BUDGET.bytes && f.importMs <= BUDGET.importMs;
}

export async function measureBundles(runs = 5): Promise<BundleFigures[]> {
  const dir = join(ROOT, ".bench", "bundles");
  rmSync(dir, { recursive: true, force: true });
  const figures: BundleFigures[] = [];
  const variants: { variant: Variant; external: readonly string[]; suffix: string }[] = [
    { variant: "deployed (SDK from the runtime)", external: BUNDLING.external, suffix: "" },
    { variant: "SDK bundled (not deployed)", external: [], suffix: "-sdk-bundled" },
  ];
  for (const { variant, external, suffix } of variants) {
    for (const [name, entry] of Object.entries(HANDLER_ENTRIES)) {
      const folder = join(dir, `${name}${suffix}`);
      mkdirSync(folder, { recursive: true });
      const file = join(folder, "index.mjs");
      const metafile = await bundleHandler(entry, file, external);
      const code = readFileSync(file);
      const times = Array.from({ length: runs }, () => importTimes(file, FIRST_EVENTS[name]));
      const f: BundleFigures = {
        name,
        variant,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        mapBytes: readFileSync(`${file}.map`).length,
        importMs: median(times.map((t) => t.importMs)),
        coldStartMs: median(times.map((t) => t.coldStartMs)),
        externalImports: externalImports(metafile),
        packages: packageSizes(metafile),
      };
      if (variant.startsWith("deployed")) f.ok = withinBudget(f);
      figures.push(f);
    }
  }
  return figures;
}

/** KiB: bytes / 1,024. */
export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Bytes with thousands separators, e.g. `438,760 B`. */
export function byteCount(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} B`;
}

export function formatBundles(figures: BundleFigures[], runs: number, packages = 0): string {
  const rows = figures.map((f) => [
    f.name,
    f.variant,
    byteCount(f.bytes),
    kib(f.bytes),
    kib(f.gzipBytes),
    kib(f.mapBytes),
    `${f.importMs.toFixed(0)} ms`,
    `${f.coldStartMs.toFixed(0)} ms`,
    f.ok === undefined ? "" : f.ok ? "OK" : "OVER",
  ]);
  const header = [
    "function",
    "bundle",
    "minified",
    "(KiB)",
    "gzip",
    "map",
    "import",
    "cold start",
    `budget ${byteCount(BUDGET.bytes)} (${kib(BUDGET.bytes)}) / ${BUDGET.importMs} ms`,
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  let text = `${line(header)}\n${rows.map(line).join("\n")}\n`;
  const external = [...new Set(figures.flatMap((f) => f.externalImports))].join(", ") || "none";
  text += `(Node ${process.version}; KiB = 1,024 bytes; median of ${runs} fresh processes. import = importing the bundle; cold start = that plus a first invocation, which loads the AWS SDK and fails its first request on a closed port. Imported from the runtime: ${external})\n`;
  if (packages > 0) {
    for (const f of figures.filter((x) => x.ok !== undefined)) {
      const top = f.packages
        .slice(0, packages)
        .map((p) => `  ${byteCount(p.bytes).padStart(10)}  ${kib(p.bytes).padStart(9)}  ${p.name}`);
      text += `\n${f.name}: largest contributors\n${top.join("\n")}\n`;
    }
  }
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      json: { type: "boolean" },
      strict: { type: "boolean" },
      packages: { type: "string", default: "0" },
    },
  });
  const runs = Number(values.runs);
  const figures = await measureBundles(runs);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ budget: BUDGET, node: process.version, figures }, null, 2)}\n`);
  } else {
    process.stdout.write(formatBundles(figures, runs, Number(values.packages)));
  }
  if (values.strict && figures.some((f) => f.ok === false)) process.exitCode = 1;
}
