/**
 * `feedpub preview`: serve the output folder on loopback with the CDN's headers; with --watch,
 * rebuild on every content change and live-reload open pages.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostics } from "../../core/diagnostics.js";
import { contentPathFor } from "../display-path.js";
import type { CliIo } from "../io.js";
import { PreviewListenError, type PreviewServer, startPreviewServer } from "../preview/server.js";
import { type ContentWatcher, type WatchEvent, watchContent } from "../watch.js";
import { type BuildPaths, checkBuildPaths, formatBuildSummary, UsageError, useColor } from "./build.js";

export const PREVIEW_HELP = `Usage: feedpub preview [--port 8080] [--host 127.0.0.1] [--dir dist] [--watch] [--content content] [--quiet]

Serve the output folder over http with the headers the CDN sends (Content-Type, Cache-Control,
CORS, ETag/Last-Modified with 304, br/gzip), and the same browser view of feed URLs.

Options:
  --port N        port to listen on; 0 picks a free one (default: 8080)
  --host ADDR     address to bind (default: 127.0.0.1, this machine only)
  --dir DIR       folder to serve (default: dist)
  --watch         build --content into --dir now and on every change, and reload open pages
  --content DIR   content folder for --watch (default: content)
  --quiet         do not log each request
  -h, --help      show this help
`;

export interface PreviewOptions {
  dir: string;
  host: string;
  port: number;
  watch: boolean;
  content: string;
  quiet: boolean;
}

export interface RunningPreview {
  server: PreviewServer;
  watcher?: ContentWatcher;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function describeRebuild(event: WatchEvent, paths: BuildPaths): string {
  const what = event.changed.length <= 3 ? event.changed.join(", ") : `${event.changed.length} files`;
  const s = event.summary;
  return `rebuilt (${s.mode}) in ${event.ms} ms after ${what} changed: ${s.written.length} written, ${s.deleted.length} deleted, ${s.unchanged} unchanged (${s.articles} articles → ${paths.outLabel})\n`;
}

async function listFeeds(root: string, url: string): Promise<string> {
  const lines = [
    `  landing page  ${url}`,
    `  RSS           ${url}feed.xml`,
    `  Atom          ${url}atom.xml`,
    `  JSON Feed     ${url}feed.json`,
    `  JSON-LD       ${url}index.jsonld`,
  ];
  const sections = await readdir(join(root, "sections")).catch(() => [] as string[]);
  if (sections.length > 0) {
    const shown = sections.sort().slice(0, 8);
    lines.push(
      `  sections      ${shown.map((s) => `${url}sections/${s}/feed.xml`).join("\n                ")}`,
    );
    if (sections.length > shown.length)
      lines.push(`                … and ${sections.length - shown.length} more`);
  }
  return `${lines.join("\n")}\n`;
}

/** Starts serving (and watching); used by `run` and by tests, which stop it with `close()`. */
export async function startPreview(options: PreviewOptions, io: CliIo): Promise<RunningPreview> {
  const paths = checkBuildPaths(io.cwd, options.content, options.dir);
  const pathFor = contentPathFor(io.cwd, paths.content);
  let watcher: ContentWatcher | undefined;
  let server: PreviewServer | undefined;
  if (options.watch) {
    const info = await stat(paths.content).catch(() => undefined);
    if (!info?.isDirectory())
      throw new UsageError(`content folder ${paths.contentLabel} not found (pass --content DIR)`);
    watcher = await watchContent({
      contentDir: paths.content,
      outDir: paths.out,
      now: () => io.now(),
      onBuild(event) {
        const s = event.summary;
        if (s.load.diagnostics.length > 0)
          io.stderr(formatDiagnostics(s.load.diagnostics, { color: useColor(io), pathFor }));
        if (!s.ok) {
          io.stderr(
            `feedpub preview: content has errors; still serving the last good build of ${paths.outLabel}\n`,
          );
          return;
        }
        io.stdout(describeRebuild(event, paths));
        const changed = [...s.written, ...s.deleted];
        if (changed.length > 0) server?.reload(changed);
      },
      onError(error) {
        io.stderr(`feedpub preview: rebuild failed: ${(error as Error).stack ?? error}\n`);
      },
    });
    const first = watcher.initial.summary;
    if (first.load.diagnostics.length > 0) {
      io.stderr(formatDiagnostics(first.load.diagnostics, { color: useColor(io), pathFor }));
    }
    if (first.ok) io.stdout(formatBuildSummary(first, paths));
    else
      io.stderr(
        `feedpub preview: content has errors; serving the previous ${paths.outLabel} until they are fixed\n`,
      );
  } else {
    const index = await stat(join(paths.out, "index.html")).catch(() => undefined);
    if (!index) {
      io.stderr(
        `feedpub preview: ${paths.outLabel} has no index.html; run \`feedpub build\` first, or use --watch to build and serve\n`,
      );
    }
  }
  try {
    server = await startPreviewServer({
      root: paths.out,
      host: options.host,
      port: options.port,
      liveReload: options.watch,
      ...(options.quiet ? {} : { log: (line: string) => io.stdout(`${line}\n`) }),
    });
  } catch (error) {
    await watcher?.close();
    throw error;
  }
  if (!LOOPBACK.test(options.host)) {
    io.stderr(`feedpub preview: warning: listening on ${options.host}, reachable from other machines\n`);
  }
  io.stdout(
    `feedpub preview: serving ${paths.outLabel} at ${server.url}${options.watch ? ` (watching ${paths.contentLabel})` : ""}\n${await listFeeds(paths.out, server.url)}Press Ctrl+C to stop.\n`,
  );
  const running = server;
  return {
    server: running,
    ...(watcher ? { watcher } : {}),
    async close() {
      await watcher?.close();
      await running.close();
    },
  };
}

function parsePreviewArgs(args: string[]): PreviewOptions | "help" {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      dir: { type: "string" },
      watch: { type: "boolean" },
      content: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const port = values.port ?? "8080";
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, got '${port}'`);
  }
  return {
    port: Number(port),
    host: values.host ?? "127.0.0.1",
    dir: values.dir ?? "dist",
    watch: values.watch ?? false,
    content: values.content ?? "content",
    quiet: values.quiet ?? false,
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let options: PreviewOptions | "help";
  try {
    options = parsePreviewArgs(args);
  } catch (error) {
    io.stderr(`feedpub preview: ${(error as Error).message}\n\n${PREVIEW_HELP}`);
    return 2;
  }
  if (options === "help") {
    io.stdout(PREVIEW_HELP);
    return 0;
  }
  let running: RunningPreview;
  try {
    running = await startPreview(options, io);
  } catch (error) {
    if (error instanceof PreviewListenError || error instanceof UsageError) {
      io.stderr(`feedpub preview: ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
  const signal = await untilSignal();
  await running.close();
  io.stderr(`feedpub preview: stopped (${signal})\n`);
  return 0;
}
