/**
 * `feedpub validate [--content DIR] [--json]`: check every file and report every problem at once,
 * positioned as `path:line:column` relative to the current directory (so terminals and CI can
 * jump to it). Exit 0 when clean (warnings allowed), 1 on any error, 2 on a usage error.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { diagnosticsToJson, formatDiagnostics } from "../../core/diagnostics.js";
import { loadContent } from "../../core/load.js";
import type { LoadResult } from "../../core/model.js";
import { contentPathFor, displayPath } from "../display-path.js";
import type { CliIo } from "../io.js";
import { readContentDir } from "../read-content.js";

export const VALIDATE_HELP = `Usage: feedpub validate [--content DIR] [--json]

Check site.yaml and every article (articles/**/*.md) and report every problem at once:
  content/articles/quake.md:3:1  published  must include a UTC offset, e.g. 2026-11-27T09:30:00+09:00
Scheduled articles (published in the future) and drafts are checked too, and listed.

Options:
  --content DIR   content folder (default: content)
  --json          print a JSON report on stdout (for CI annotations)
  -h, --help      show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
`;

function listArticles(result: LoadResult): string {
  const lines: string[] = [];
  if (result.scheduled.length > 0) {
    lines.push(`scheduled (${result.scheduled.length}):`);
    for (const a of result.scheduled) lines.push(`  ${a.published}  ${a.slug}  (${a.sourcePath})`);
    lines.push(`next scheduled publication: ${result.nextScheduledAt}`);
  }
  if (result.drafts.length > 0) {
    lines.push(
      `drafts (${result.drafts.length}, never published): ${result.drafts.map((a) => a.slug).join(", ")}`,
    );
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { content?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        content: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    io.stderr(`feedpub validate: ${(error as Error).message}\n\n${VALIDATE_HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }

  const root = resolve(io.cwd, values.content ?? "content");
  const rootLabel = displayPath(io.cwd, root);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    io.stderr(`feedpub validate: content folder ${rootLabel} not found (pass --content DIR)\n`);
    return 2;
  }

  const files = await readContentDir(root);
  const result = loadContent(files, { now: io.now() });
  const pathFor = contentPathFor(io.cwd, root);

  if (values.json) {
    const json = { content: rootLabel, files: files.length, ...diagnosticsToJson(result, { pathFor }) };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const color = io.isTty && !io.env.NO_COLOR;
    if (result.diagnostics.length > 0) io.stdout(formatDiagnostics(result.diagnostics, { color, pathFor }));
    const n = result.articles.length;
    const checked = `checked ${files.length} file${files.length === 1 ? "" : "s"} in ${rootLabel}`;
    const verdict = result.ok
      ? `ok: ${checked}; ${n} article${n === 1 ? "" : "s"} ready to publish`
      : `FAILED: ${checked}; nothing will be published until the errors are fixed`;
    io.stdout(`${listArticles(result)}${verdict}\n`);
  }
  return result.ok ? 0 : 1;
}
