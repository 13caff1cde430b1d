/**
 * `feedpub publish`: validate content/, render it, and publish incrementally to a folder or an S3
 * bucket. Nothing is written when any article is invalid. The S3 driver (and the AWS SDK) is
 * loaded only for --bucket.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { diagnosticsToJson, formatDiagnostics } from "../../core/diagnostics.js";
import type { LoadResult } from "../../core/model.js";
import { type PublishReport, publishSite } from "../../core/publish/index.js";
import { renderSite } from "../../core/render/index.js";
import { createFsStorage, type Storage, StorageError } from "../../storage/index.js";
import { contentPathFor } from "../display-path.js";
import { createFileSpool } from "../file-spool.js";
import { collectIfLarge } from "../heap.js";
import type { CliIo } from "../io.js";
import { loadWorkerCount } from "../load-workers.js";
import { createProgress } from "../progress.js";
import { contentFiles } from "../read-content.js";
import { openRenderCache } from "../render-cache-file.js";
import { loadForPublish, reportableFailure } from "./build.js";

export const PUBLISH_HELP = `Usage: feedpub publish [--content DIR] (--to DIR | --bucket NAME [--prefix P] [--endpoint URL] [--region R])
                       [--dry-run] [--json] [--concurrency N] [--no-cache]

Validate the content, render every feed and JSON-LD document, and publish only what changed
since the last publish (recorded in .feedpub/manifest.json beside the outputs). Removed and
drafted articles are deleted after the new feeds are live. On any validation error nothing is
written. Two publishes at once: one wins, the other fails and asks to re-run.

Options:
  --content DIR      content folder with site.yaml and articles/ (default: content)
  --to DIR           publish into a local folder
  --bucket NAME      publish into an S3 bucket (credentials from the AWS SDK's usual chain)
  --prefix P         key prefix inside the bucket, e.g. news/
  --endpoint URL     S3-compatible endpoint (MinIO, R2, LocalStack...); path-style addressing
  --region R         AWS region (default: the SDK's, e.g. AWS_REGION)
  --dry-run          print the plan (uploads, deletions, unchanged) and write nothing
  --json             print one JSON object on stdout (for CI)
  --concurrency N    uploads in flight (default 16)
  --no-cache         neither read nor write the render cache (node_modules/.cache/feedpub/,
                     or $FEEDPUB_CACHE_DIR); output is byte-identical either way
  -h, --help         show this help

Exit codes: 0 published (or nothing to do), 1 invalid content or publish failed, 2 bad usage.
`;

class UsageError extends Error {
  override readonly name = "UsageError";
}

interface PublishArgs {
  content: string;
  to?: string;
  bucket?: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  dryRun: boolean;
  noCache: boolean;
  json: boolean;
  concurrency: number;
  help: boolean;
}

export function parsePublishArgs(args: string[]): PublishArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        content: { type: "string" },
        to: { type: "string" },
        bucket: { type: "string" },
        prefix: { type: "string" },
        endpoint: { type: "string" },
        region: { type: "string" },
        "dry-run": { type: "boolean" },
        "no-cache": { type: "boolean" },
        json: { type: "boolean" },
        concurrency: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const parsed: PublishArgs = {
    content: str("content") ?? "content",
    dryRun: values["dry-run"] === true,
    noCache: values["no-cache"] === true,
    json: values.json === true,
    help: values.help === true,
    concurrency: 16,
  };
  for (const k of ["to", "bucket", "prefix", "endpoint", "region"] as const) {
    const v = str(k);
    if (v !== undefined) parsed[k] = v;
  }
  if (parsed.help) return parsed;
  if ((parsed.to === undefined) === (parsed.bucket === undefined)) {
    throw new UsageError("pass exactly one target: --to DIR or --bucket NAME");
  }
  if (parsed.to !== undefined) {
    const extra = (["prefix", "endpoint", "region"] as const).filter((k) => parsed[k] !== undefined);
    if (extra.length)
      throw new UsageError(`${extra.map((k) => `--${k}`).join(", ")} only apply with --bucket`);
  }
  const c = str("concurrency");
  if (c !== undefined) {
    const n = Number(c);
    if (!/^\d+$/.test(c) || n < 1 || n > 256) throw new UsageError(`--concurrency must be 1..256, got ${c}`);
    parsed.concurrency = n;
  }
  return parsed;
}

async function openStorage(args: PublishArgs, io: CliIo): Promise<Storage> {
  if (args.to !== undefined) return createFsStorage({ root: resolve(io.cwd, args.to) });
  const { createS3Storage } = await import("../../storage/s3.js");
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = io.env;
  const sessionToken = io.env.AWS_SESSION_TOKEN;
  return createS3Storage({
    bucket: args.bucket ?? "",
    ...(args.prefix !== undefined ? { prefix: args.prefix } : {}),
    ...(args.endpoint !== undefined ? { endpoint: args.endpoint } : {}),
    ...(args.region !== undefined ? { region: args.region } : {}),
    // Explicit keys in the command's environment win; otherwise the SDK's default chain applies.
    ...(accessKeyId && secretAccessKey
      ? {
          clientConfig: {
            credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
          },
        }
      : {}),
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function formatPublishSummary(
  report: PublishReport,
  load: LoadResult,
  target: string,
  contentLabel: string,
  ms: number,
): string {
  const next = load.nextScheduledAt ? ` (next ${load.nextScheduledAt})` : "";
  const lines = [
    `feedpub publish: ${contentLabel} → ${target}${report.dryRun ? " (dry run: nothing written)" : ""}`,
    `  articles    ${load.articles.length} published, ${plural(load.drafts.length, "draft")}, ${load.scheduled.length} scheduled${next}`,
    `  files       ${report.puts.length} ${report.dryRun ? "to upload" : "uploaded"} (${report.created} new), ${report.deletes.length} ${report.dryRun ? "to delete" : "deleted"}, ${report.unchanged} unchanged`,
    `  requests    ${report.requests}${report.dryRun ? "" : ` (${report.manifestWrites} manifest writes)`}`,
    `  invalidate  ${report.invalidationPaths.length ? report.invalidationPaths.join(" ") : "nothing"}`,
    `  time        ${ms} ms`,
  ];
  if (report.recovered) lines.push("  note        completed an earlier publish that had not finished");
  if (report.dryRun) {
    for (const p of report.puts) lines.push(`  put     ${p}`);
    for (const p of report.deletes) lines.push(`  delete  ${p}`);
  }
  return `${lines.join("\n")}\n`;
}

export function publishJson(
  report: PublishReport,
  load: LoadResult,
  target: string,
  ms: number,
  pathFor?: (file: string) => string,
): Record<string, unknown> {
  return {
    ok: true,
    dryRun: report.dryRun,
    target,
    articles: load.articles.length,
    drafts: load.drafts.length,
    scheduled: load.scheduled.length,
    nextScheduledAt: load.nextScheduledAt ?? null,
    puts: report.puts,
    deletes: report.deletes,
    unchanged: report.unchanged,
    created: report.created,
    invalidationPaths: report.invalidationPaths,
    requests: report.requests,
    manifestWrites: report.manifestWrites,
    bytesUploaded: report.bytesUploaded,
    generation: report.generation,
    recovered: report.recovered,
    ms,
    validation: diagnosticsToJson(load, pathFor ? { pathFor } : {}),
  };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  let args: PublishArgs;
  try {
    args = parsePublishArgs(argv);
  } catch (error) {
    io.stderr(`feedpub publish: ${(error as Error).message}\n\n${PUBLISH_HELP}`);
    return 2;
  }
  if (args.help) {
    io.stdout(PUBLISH_HELP);
    return 0;
  }
  const contentDir = resolve(io.cwd, args.content);
  if (!(await stat(contentDir).catch(() => undefined))?.isDirectory()) {
    io.stderr(`feedpub publish: content folder ${args.content} not found (pass --content DIR)\n`);
    return 2;
  }
  const fail = (message: string, extra: Record<string, unknown> = {}) => {
    if (args.json) io.stdout(`${JSON.stringify({ ok: false, error: message, ...extra }, null, 2)}\n`);
    else io.stderr(`feedpub publish: ${message}\n`);
    return 1;
  };

  // Diagnostics name files relative to the current directory, like `feedpub validate`.
  const pathFor = contentPathFor(io.cwd, contentDir);
  const started = performance.now();
  // The render cache (shared with `feedpub build`) spares unchanged articles their parse and render.
  const cacheFile = args.noCache ? undefined : await openRenderCache(io.cwd, io.env, contentDir);
  const cache = cacheFile?.cache;
  // The same streaming load as `feedpub build`: each article's JSON-LD rendered from the check's
  // parse into a spool (spilling to a temporary file past 8 MiB), unchanged files from the cache.
  const spool = createFileSpool();
  const { load, render } = loadForPublish(contentFiles(contentDir), {
    now: io.now(),
    spool,
    // Large loads are shared with worker threads on multi-core machines (see load-workers.ts).
    workers: (files) => loadWorkerCount(files, io.env),
    rereadBodies: true,
    ...(cache ? { cache } : {}),
  });
  if (!args.json && load.diagnostics.length) {
    io.stderr(formatDiagnostics(load.diagnostics, { color: io.isTty && !io.env.NO_COLOR, pathFor }));
  }
  if (!load.ok || !load.site) {
    spool.close();
    return fail("the content has errors; nothing was published.", {
      validation: diagnosticsToJson(load, { pathFor }),
    });
  }

  let storage: Storage;
  try {
    storage = await openStorage(args, io);
  } catch (error) {
    spool.close();
    if (error instanceof StorageError) return fail(error.message);
    throw error;
  }
  let progress: ReturnType<typeof createProgress> | undefined;
  let reported = 0;
  try {
    collectIfLarge();
    const rendered = renderSite({ site: load.site, articles: load.articles }, render);
    const report = await publishSite(rendered, storage, {
      dryRun: args.dryRun,
      concurrency: args.concurrency,
      onProgress: (done, total) => {
        progress ??= createProgress(io, "feedpub publish: writing", total);
        progress.tick(done - reported);
        reported = done;
      },
    });
    progress?.done();
    collectIfLarge();
    if (!args.dryRun) await cacheFile?.save();
    const ms = Math.round(performance.now() - started);
    if (args.json)
      io.stdout(`${JSON.stringify(publishJson(report, load, storage.location, ms, pathFor), null, 2)}\n`);
    else io.stdout(formatPublishSummary(report, load, storage.location, args.content, ms));
    return 0;
  } catch (error) {
    progress?.done();
    if (await reportableFailure(error, cacheFile)) {
      const { message, name } = error as Error;
      return fail(message, { errorName: name });
    }
    throw error;
  } finally {
    spool.close();
    (storage as { client?: { destroy(): void } }).client?.destroy();
  }
}
