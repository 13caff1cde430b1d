/**
 * Diagnostics for people and machines. Human form: one line per problem,
 * `articles/quake.md:3:1  published  must include a UTC offset…`, sorted by file and position,
 * then a summary. Machine form: a stable, versioned JSON document for CI annotations.
 */
import type { Diagnostic, LoadResult } from "./model.js";

export interface FormatOptions {
  /** ANSI colours (for terminals). */
  color?: boolean;
  /** How to print a diagnostic's file, e.g. relative to the current directory. Default: as is. */
  pathFor?: (file: string) => string;
}

const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

function compare(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1)
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** `2 errors, 1 warning in 2 files`, or `no problems`. */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return "no problems";
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const files = new Set(diagnostics.map((d) => d.file)).size;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files, "file")}`;
}

/** The human report: one line per problem, then the summary line. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const color = options.color === true;
  const pathFor = options.pathFor ?? ((file: string) => file);
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const lines = [...diagnostics].sort(compare).map((d) => {
    const where = paint(d.severity === "error" ? RED : YELLOW, `${pathFor(d.file)}:${d.line}:${d.column}`);
    const field = d.field ? `  ${paint(BOLD, d.field)}` : "";
    // Errors print bare (`path:line:col  field  message`); warnings say so.
    const prefix = d.severity === "warning" ? paint(YELLOW, "warning: ") : "";
    // Single-line messages keep the lines grep- and annotation-friendly.
    const message = d.message.replace(/[\r\n]+/g, " ");
    return `${where}${field}  ${prefix}${message}`;
  });
  lines.push(summarize(diagnostics));
  return `${lines.join("\n")}\n`;
}

export interface JsonDiagnostic {
  severity: Diagnostic["severity"];
  /** Relative to the content root. */
  file: string;
  /** As printed for people (e.g. relative to the current directory); equals `file` by default. */
  path: string;
  line: number;
  column: number;
  field: string | null;
  code: string;
  message: string;
}

export interface DiagnosticsJson {
  version: 1;
  ok: boolean;
  counts: { errors: number; warnings: number; articles: number; scheduled: number; drafts: number };
  nextScheduledAt: string | null;
  scheduled: { file: string; slug: string; id: string; published: string }[];
  diagnostics: JsonDiagnostic[];
}

/** The machine form of a load result (stable: fields are only ever added). */
export function diagnosticsToJson(
  result: LoadResult,
  options: Pick<FormatOptions, "pathFor"> = {},
): DiagnosticsJson {
  const pathFor = options.pathFor ?? ((file: string) => file);
  const diagnostics = [...result.diagnostics].sort(compare);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return {
    version: 1,
    ok: result.ok,
    counts: {
      errors,
      warnings: diagnostics.length - errors,
      articles: result.articles.length,
      scheduled: result.scheduled.length,
      drafts: result.drafts.length,
    },
    nextScheduledAt: result.nextScheduledAt ?? null,
    scheduled: result.scheduled.map((a) => ({
      file: a.sourcePath,
      slug: a.slug,
      id: a.id,
      published: a.published,
    })),
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      file: d.file,
      path: pathFor(d.file),
      line: d.line,
      column: d.column,
      field: d.field ?? null,
      code: d.code,
      message: d.message,
    })),
  };
}
