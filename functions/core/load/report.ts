/** Shared ways of turning load problems into diagnostics. */
import type { DecodeResult } from "./decode.js";
import { fieldName, type SchemaProblem } from "./schema-errors.js";
import type { FileReport, YamlSource } from "./source.js";

export function reportUndecodable(report: FileReport, decoded: Extract<DecodeResult, { ok: false }>): void {
  const byte = decoded.byte.toString(16).toUpperCase().padStart(2, "0");
  report.add(
    "error",
    "encoding",
    `not valid UTF-8 (byte 0x${byte}): save the file as UTF-8 — it was probably written as Latin-1 or Windows-1252`,
    { line: decoded.line, column: decoded.column },
  );
}

export function reportSchemaProblems(source: YamlSource, problems: SchemaProblem[]): void {
  for (const problem of problems) {
    source.report.add(
      "error",
      problem.code,
      problem.message,
      source.locate(problem.at.path, problem.at.anchor),
      fieldName(problem.path),
    );
  }
}
