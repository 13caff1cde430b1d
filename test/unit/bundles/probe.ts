/**
 * What test/unit/bundles.test.ts runs twice, from source and bundled with BUNDLING (aliases,
 * lazily required sanitize-html): load and render a set of content files, sanitize raw HTML
 * snippets, and report everything as JSON. Run bundled, it reads its input from the file named by
 * FEEDPUB_PROBE_INPUT and writes the report to stdout.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadContent } from "../../../functions/core/load.js";
import { sanitize } from "../../../functions/core/render/body/sanitize.js";
import { renderSite } from "../../../functions/core/render/index.js";

export interface ProbeInput {
  /** Content files: path → text. */
  files: Record<string, string>;
  now: string;
  /** Raw HTML run through the body sanitizer on its own. */
  html: string[];
}

export interface ProbeReport {
  diagnostics: string[];
  /** Output path → SHA-256 of its bytes. */
  outputs: Record<string, string>;
  sanitized: string[];
}

export function probe(input: ProbeInput): ProbeReport {
  const encoder = new TextEncoder();
  const files = Object.entries(input.files).map(([path, text]) => ({ path, bytes: encoder.encode(text) }));
  const result = loadContent(files, { now: new Date(input.now) });
  const outputs: Record<string, string> = {};
  if (result.site) {
    for (const file of renderSite({ site: result.site, articles: result.articles })) {
      outputs[file.path] = createHash("sha256").update(file.body).digest("hex");
    }
  }
  return {
    diagnostics: result.diagnostics.map(
      (d) => `${d.severity} ${d.file}:${d.line}:${d.column} ${d.code} ${d.field ?? "-"} ${d.message}`,
    ),
    outputs,
    sanitized: input.html.map((html) =>
      sanitize(html, { base: new URL("https://news.example/a/"), report: undefined }),
    ),
  };
}

const input = process.env.FEEDPUB_PROBE_INPUT;
if (input) {
  process.stdout.write(JSON.stringify(probe(JSON.parse(readFileSync(input, "utf8")) as ProbeInput)));
}
