/**
 * Turns `feedpub validate --json` output into GitHub Actions annotations, so a pull request shows
 * each content problem on the file and line it is about:
 *
 *   npx feedpub validate --json > validate.json; npx tsx .github/scripts/validate-annotations.ts validate.json
 *
 * Prints one `::error file=…,line=…,col=…,title=…::…` (or `::warning`) per diagnostic and a summary;
 * exits 1 when the report has errors (or cannot be read), 0 otherwise.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface JsonDiagnostic {
  severity: "error" | "warning";
  file: string;
  path?: string;
  line: number;
  column: number;
  field?: string | null;
  code: string;
  message: string;
}

interface ValidateReport {
  ok: boolean;
  counts?: { errors: number; warnings: number };
  diagnostics: JsonDiagnostic[];
}

/** Escaping of a workflow command's message (GitHub's `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a workflow command's property value (GitHub's `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The annotation line for one diagnostic. */
export function annotationFor(d: JsonDiagnostic): string {
  const title = d.field ? `${d.field} (${d.code})` : d.code;
  const props = [
    `file=${escapeProperty(d.path ?? d.file)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    `title=${escapeProperty(title)}`,
  ].join(",");
  return `::${d.severity === "error" ? "error" : "warning"} ${props}::${escapeData(d.message)}`;
}

export function parseReport(text: string): ValidateReport {
  const report = JSON.parse(text) as ValidateReport;
  if (typeof report !== "object" || report === null || !Array.isArray(report.diagnostics)) {
    throw new Error("not a feedpub validate --json report (no 'diagnostics' array)");
  }
  return report;
}

/** Annotation lines plus a summary line; `failed` when the report has errors. */
export function annotate(text: string): { lines: string[]; failed: boolean } {
  let report: ValidateReport;
  try {
    report = parseReport(text);
  } catch (error) {
    return {
      lines: [
        `::error title=feedpub validate::${escapeData(`could not read the validate report: ${(error as Error).message}`)}`,
      ],
      failed: true,
    };
  }
  const lines = report.diagnostics.map(annotationFor);
  const errors = report.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = report.diagnostics.length - errors;
  lines.push(
    errors > 0 || !report.ok
      ? `feedpub validate: ${errors} error(s), ${warnings} warning(s): nothing will be published until they are fixed`
      : `feedpub validate: content is valid (${warnings} warning(s))`,
  );
  return { lines, failed: errors > 0 || !report.ok };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const source = process.argv[2];
  const text = readFileSync(source && source !== "-" ? source : 0, "utf8");
  const { lines, failed } = annotate(text);
  process.stdout.write(`${lines.join("\n")}\n`);
  process.exitCode = failed ? 1 : 0;
}
