/**
 * `feedpub build`: validate content/, then render and publish it incrementally into a folder.
 * On any validation error nothing is written and the previous output stays as it was.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { diagnosticsToJson, formatDiagnostics } from "../../core/diagnostics.js";
import {
  type BodyCheckCache,
  ContentChangedError,
  createBodyCheckCache,
  loadContent,
} from "../../core/load.js";
import type { LoadResult, OutputFile, Site, SourceFile } from "../../core/model.js";
import { PublishError, type PublishOptions, publishSite } from "../../core/publish/index.js";
import {
  keepPrerendered,
  prerenderArticle,
  type RenderOptions,
  renderSite,
} from "../../core/render/index.js";
import type { DocumentCache, RenderCache } from "../../core/render-cache.js";
import { createFsStorage, StorageError } from "../../storage/index.js";
import { contentPathFor } from "../display-path.js";
import { createFileSpool } from "../file-spool.js";
import { collectIfLarge } from "../heap.js";
import type { CliIo } from "../io.js";
import { loadWorkerCount, type ShareOptions, type SharingSpool, shareLoad } from "../load-workers.js";
import { createProgress } from "../progress.js";
import { contentFiles } from "../read-content.js";
import { isContentChange, openRenderCache, type RenderCacheFile } from "../render-cache-file.js";

export const BUILD_HELP = `Usage: feedpub build [--content DIR] [--out DIR] [--json] [--no-cache]

Validate the content folder, then render every feed and JSON-LD document into the out folder.
Only files whose bytes changed are written; files of removed articles are deleted. On any
validation error nothing is written and the previous output stays intact.

Options:
  --content DIR  content folder with site.yaml and articles/ (default: content)
  --out DIR      output folder (default: dist)
  --json         print one JSON object (validation results and what was written) on stdout
  --no-cache     neither read nor write the render cache (node_modules/.cache/feedpub/, or
                 $FEEDPUB_CACHE_DIR), which spares re-parsing unchanged articles
  -h, --help     show this help
`;

/** A mistake in the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface BuildPaths {
  content: string;
  out: string;
  /** As the user typed them, for messages. */
  contentLabel: string;
  outLabel: string;
}

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Resolves --content and --out, refusing an out folder that would overwrite the content. */
export function checkBuildPaths(cwd: string, content: string, out: string): BuildPaths {
  const paths = {
    content: resolve(cwd, content),
    out: resolve(cwd, out),
    contentLabel: content,
    outLabel: out,
  };
  if (inside(paths.out, paths.content) || inside(paths.content, paths.out)) {
    throw new UsageError(
      `--out ${out} and --content ${content} overlap; the output folder must be separate from the content`,
    );
  }
  return paths;
}

const FEED_PATH = /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/;

/** RSS, Atom or JSON Feed output path. */
export function isFeedPath(path: string): boolean {
  return FEED_PATH.test(path);
}

/** What one build did. */
export interface BuildSummary {
  ok: boolean;
  load: LoadResult;
  /** Published (publishable now), drafts and scheduled counts. */
  articles: number;
  drafts: number;
  scheduled: number;
  nextScheduledAt?: string;
  /** Feed documents rendered (RSS, Atom, JSON Feed; site-wide and per section). */
  feeds: number;
  /** Every output file rendered. */
  outputs: number;
  written: string[];
  deleted: string[];
  unchanged: number;
  ms: number;
}

export interface BuildOptions {
  now: Date;
  /** Called with (done, total) while publishing, for a progress line. */
  onProgress?: (done: number, total: number) => void;
  /** Called with (rendered, total) as article documents are rendered (before anything is written). */
  onRender?: (done: number, total: number) => void;
  /** Remembers body checks and JSON-LD digests across runs (see core/render-cache.ts). */
  cache?: RenderCache;
  /**
   * Worker threads that share the load, given the number of files to parse (0: this thread only;
   * see load-workers.ts). Default: none.
   */
  workers?: (files: number) => number;
  /** For tests: the load worker script (a bundled one) and whether to wait for the workers. */
  share?: Pick<ShareOptions, "workerUrl" | "afterWorkers">;
  /**
   * Where per-article documents wait until they are written (default: memory); load workers write
   * theirs to the spool's extra files when it has them (file-spool.ts).
   */
  spool?: SharingSpool;
  /** The files read the disk on access: keep no bodies in memory (LoadOptions.bodies "reread"). */
  rereadBodies?: boolean;
  /** Called once between a valid load and the first write (the CLI collects garbage there: heap.ts). */
  afterLoad?: () => void;
}

/** What publishLoaded may be handed besides the load. */
export interface PublishLoadedOptions
  extends Pick<BuildOptions, "onProgress" | "onRender" | "cache" | "afterLoad">,
    Pick<PublishOptions, "onComplete"> {
  /** Per-article documents rendered while loading (renderSite's `prerendered`). */
  prerendered?: ReadonlyMap<string, OutputFile>;
  /** The document cache of this site, when the caller already took it from `cache`. */
  documents?: DocumentCache;
}

/**
 * The streaming load shared by `build` and `publish`: each article's JSON-LD is rendered as soon as
 * its file is checked, from the same Markdown parse, and waits in the spool (no body is held after
 * its file); unchanged files come from the article cache. Returns the load and the options for
 * renderSite (which yields the documents rendered here instead of rendering them again).
 */
export function loadForPublish(
  files: SourceFile[],
  options: Pick<BuildOptions, "now" | "cache" | "spool" | "rereadBodies" | "workers" | "share"> & {
    /** Body checks to remember (without a render cache); default: none kept. */
    bodyCache?: BodyCheckCache;
  },
): { load: LoadResult; render: RenderOptions } {
  const cache = options.cache;
  const now = options.now.getTime();
  const prerendered = new Map<string, OutputFile>();
  let documents: DocumentCache | undefined;
  const load = loadContent(files, {
    now: options.now,
    // Without a render cache nothing outlives this run: remember no body problems (the
    // process-wide cache would hold a key and a list per article until exit, for nothing).
    bodyCache: cache?.bodies ?? options.bodyCache ?? createBodyCheckCache(1, 0),
    ...(cache ? { articleCache: (site: Site) => cache.articlesFor(site) } : {}),
    ...(options.rereadBodies ? { bodies: "reread" as const } : {}),
    onArticle(article, facts, site) {
      if (article.draft || article.publishedMs > now) return;
      if (cache) documents ??= cache.documentsFor(site);
      const file = prerenderArticle(site, article, facts, {
        ...(documents ? { documents } : {}),
        ...(options.spool ? { spool: options.spool } : {}),
      });
      if (file) prerendered.set(article.sourcePath, file);
    },
    share(toLoad, site) {
      const workers = options.workers?.(toLoad.length) ?? 0;
      if (workers === 0) return undefined;
      if (cache) documents ??= cache.documentsFor(site);
      return shareLoad(toLoad, site, {
        workers,
        now,
        ...options.share,
        ...(options.spool ? { spool: options.spool } : {}),
        onDocument(article, stored, digest) {
          const file = keepPrerendered(article, stored, digest, documents);
          if (file) prerendered.set(article.sourcePath, file);
        },
      });
    },
  });
  if (cache && load.site) documents ??= cache.documentsFor(load.site);
  return {
    load,
    render: {
      ...(cache ? { bodyCache: cache.bodies } : {}),
      ...(documents ? { documents } : {}),
      prerendered,
    },
  };
}

/**
 * Loads already-read content files, and when they are valid renders and publishes them to the
 * out folder. Shared by `build` and `preview --watch` (which keeps the files in memory).
 */
export async function buildFromFiles(
  files: SourceFile[],
  outDir: string,
  options: BuildOptions,
  started = performance.now(),
): Promise<BuildSummary> {
  const { load, render } = loadForPublish(files, options);
  return publishLoaded(
    load,
    outDir,
    {
      ...options,
      ...(render.prerendered ? { prerendered: render.prerendered } : {}),
      ...(render.documents ? { documents: render.documents } : {}),
    },
    started,
  );
}

/** The part of a build summary that comes from the load alone. */
export function loadCounts(
  load: LoadResult,
): Pick<BuildSummary, "load" | "articles" | "drafts" | "scheduled" | "nextScheduledAt"> {
  return {
    load,
    articles: load.articles.length,
    drafts: load.drafts.length,
    scheduled: load.scheduled.length,
    ...(load.nextScheduledAt ? { nextScheduledAt: load.nextScheduledAt } : {}),
  };
}

/** The output counts of a build that wrote nothing (invalid content); fresh arrays each call. */
export function nothingWritten(): Pick<
  BuildSummary,
  "feeds" | "outputs" | "written" | "deleted" | "unchanged" | "ms"
> {
  return { feeds: 0, outputs: 0, written: [], deleted: [], unchanged: 0, ms: 0 };
}

/** Renders and publishes an already loaded content tree (nothing is written when it has errors). */
export async function publishLoaded(
  load: LoadResult,
  outDir: string,
  options: PublishLoadedOptions = {},
  started = performance.now(),
): Promise<BuildSummary> {
  const base = loadCounts(load);
  if (!load.ok || !load.site) return { ...base, ...nothingWritten(), ok: false };
  options.afterLoad?.();
  let feeds = 0;
  let outputs = 0;
  const total = load.articles.length;
  function* counted(source: Iterable<OutputFile>): Generator<OutputFile> {
    for (const file of source) {
      outputs++;
      if (FEED_PATH.test(file.path)) feeds++;
      else if (outputs <= total) options.onRender?.(outputs, total);
      yield file;
    }
  }
  const report = await publishSite(
    counted(
      renderSite(
        { site: load.site, articles: load.articles },
        {
          ...(options.cache
            ? {
                bodyCache: options.cache.bodies,
                documents: options.documents ?? options.cache.documentsFor(load.site),
              }
            : {}),
          ...(options.prerendered ? { prerendered: options.prerendered } : {}),
        },
      ),
    ),
    createFsStorage({ root: outDir }),
    {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onComplete ? { onComplete: options.onComplete } : {}),
    },
  );
  return {
    ...base,
    ok: true,
    feeds,
    outputs,
    written: report.puts,
    deleted: report.deletes,
    unchanged: report.unchanged,
    ms: Math.round(performance.now() - started),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The human summary printed after a successful build. */
export function formatBuildSummary(summary: BuildSummary, paths: BuildPaths): string {
  const next = summary.nextScheduledAt ? ` (next ${summary.nextScheduledAt})` : "";
  return [
    `feedpub build: ${paths.contentLabel} → ${paths.outLabel}`,
    `  articles  ${summary.articles} published, ${plural(summary.drafts, "draft")}, ${summary.scheduled} scheduled${next}`,
    `  feeds     ${summary.feeds} (RSS, Atom and JSON Feed; site-wide and per section)`,
    `  files     ${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.deleted.length} deleted (${summary.outputs} in all)`,
    `  time      ${summary.ms} ms`,
    "",
  ].join("\n");
}

/** The `--json` form of a build. */
export function buildSummaryJson(
  summary: BuildSummary,
  paths: BuildPaths,
  pathFor?: (file: string) => string,
): unknown {
  return {
    ok: summary.ok,
    content: paths.content,
    out: paths.out,
    validation: diagnosticsToJson(summary.load, pathFor ? { pathFor } : {}),
    articles: summary.articles,
    drafts: summary.drafts,
    scheduled: summary.scheduled,
    nextScheduledAt: summary.nextScheduledAt ?? null,
    feeds: summary.feeds,
    outputs: summary.outputs,
    written: summary.written,
    deleted: summary.deleted,
    unchanged: summary.unchanged,
    ms: summary.ms,
  };
}

/**
 * Whether `error` is a failure to report in one line (exit 1) rather than a bug: the engine's, the
 * storage's, or a content file that changed under the build — then the render cache that vouched
 * for the file is deleted, so that the re-run the message asks for reads every file.
 */
export async function reportableFailure(
  error: unknown,
  cacheFile: RenderCacheFile | undefined,
): Promise<boolean> {
  if (isContentChange(error)) await cacheFile?.forget();
  return (
    error instanceof PublishError || error instanceof StorageError || error instanceof ContentChangedError
  );
}

export function useColor(io: CliIo): boolean {
  return io.isTty && !io.env.NO_COLOR;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { content?: string; out?: string; json?: boolean; help?: boolean; "no-cache"?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        content: { type: "string" },
        out: { type: "string" },
        json: { type: "boolean" },
        "no-cache": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`feedpub build: ${(error as Error).message}\n\n${BUILD_HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout(BUILD_HELP);
    return 0;
  }
  let paths: BuildPaths;
  try {
    paths = checkBuildPaths(io.cwd, values.content ?? "content", values.out ?? "dist");
    const info = await stat(paths.content).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new UsageError(`content folder ${paths.contentLabel} not found (pass --content DIR)`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`feedpub build: ${error.message}\n`);
    return 2;
  }

  const started = performance.now();
  const cacheFile = values["no-cache"] ? undefined : await openRenderCache(io.cwd, io.env, paths.content);
  const files = contentFiles(paths.content);
  const spool = createFileSpool();
  let progress: ReturnType<typeof createProgress> | undefined;
  let phase = "";
  let reported = 0;
  /** One progress line per phase (rendering, then writing); silent off a terminal or for small sites. */
  const report = (label: string) => (done: number, total: number) => {
    if (phase !== label) {
      progress?.done();
      progress = createProgress(io, `feedpub build: ${label}`, total);
      phase = label;
      reported = 0;
    }
    progress?.tick(done - reported);
    reported = done;
  };
  let summary: BuildSummary;
  try {
    summary = await buildFromFiles(
      files,
      paths.out,
      {
        now: io.now(),
        onRender: report("rendering"),
        onProgress: report("writing"),
        ...(cacheFile ? { cache: cacheFile.cache } : {}),
        // Large loads are shared with worker threads on multi-core machines (see load-workers.ts).
        workers: (pending) => loadWorkerCount(pending, io.env),
        spool,
        rereadBodies: true,
        afterLoad: collectIfLarge,
      },
      started,
    );
  } catch (error) {
    progress?.done();
    if (!(await reportableFailure(error, cacheFile))) throw error;
    const { message } = error as Error;
    io.stderr(`feedpub build: ${message}\n`);
    if (values.json) io.stdout(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
    return 1;
  } finally {
    spool.close();
  }
  progress?.done();
  collectIfLarge();
  await cacheFile?.save();

  const pathFor = contentPathFor(io.cwd, paths.content);
  if (values.json) {
    io.stdout(`${JSON.stringify(buildSummaryJson(summary, paths, pathFor), null, 2)}\n`);
  } else if (summary.load.diagnostics.length > 0) {
    io.stderr(formatDiagnostics(summary.load.diagnostics, { color: useColor(io), pathFor }));
  }
  if (!summary.ok) {
    if (!values.json) io.stderr(`feedpub build: nothing was written; ${paths.outLabel} is unchanged.\n`);
    return 1;
  }
  if (!values.json) io.stdout(formatBuildSummary(summary, paths));
  return 0;
}
