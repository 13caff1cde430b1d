/**
 * Helpers the validate and publish handlers share. Their own module so that the validate function,
 * which never renders or publishes, does not pull publisher.ts (and with it the renderers, the XML
 * builder and the publishing engine) into its bundle.
 */
import type { Diagnostic } from "../core/model.js";
import type { Log } from "./log.js";

/** `path:line:column  field  message`, the line an editor (and CloudWatch Logs Insights) reads. */
export function diagnosticLine(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}  ${d.field ?? "-"}  ${d.message}`;
}

export function logDiagnostics(log: Log, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    const fields = {
      file: d.file,
      line: d.line,
      column: d.column,
      field: d.field,
      code: d.code,
      detail: d.message,
    };
    if (d.severity === "error") log.error(diagnosticLine(d), fields);
    else log.warn(diagnosticLine(d), fields);
  }
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
