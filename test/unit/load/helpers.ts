import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "../../../functions/core/load.js";
import type { Diagnostic, LoadResult, SourceFile } from "../../../functions/core/model.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures");
export const NOW = new Date("2026-11-27T00:00:00Z");

const encoder = new TextEncoder();

export function file(path: string, text: string | Uint8Array): SourceFile {
  return { path, bytes: typeof text === "string" ? encoder.encode(text) : text };
}

export function siteFile(): SourceFile {
  return { path: "site.yaml", bytes: readFileSync(join(FIXTURES, "content", "site.yaml")) };
}

/** The fixture site plus the given articles (path → text). */
export function loadArticles(articles: Record<string, string | Uint8Array>, now = NOW): LoadResult {
  return loadContent([siteFile(), ...Object.entries(articles).map(([path, text]) => file(path, text))], {
    now,
  });
}

/** The fixture site plus test/fixtures/invalid/<names>, as articles/<name>. */
export function loadInvalid(...names: string[]): LoadResult {
  const files = names.map((name) => ({
    path: `articles/${name}`,
    bytes: readFileSync(join(FIXTURES, "invalid", name)),
  }));
  return loadContent([siteFile(), ...files], { now: NOW });
}

/** Every file under a folder, as the CLI would read it (for tests that do not go through fs). */
export function readTree(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ path: relative(root, full).split("\\").join("/"), bytes: readFileSync(full) });
    }
  };
  walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** readTree as path → bytes (to compare two output folders). */
export function readOutputs(root: string): Map<string, Buffer> {
  return new Map(readTree(root).map((f) => [f.path, Buffer.from(f.bytes)]));
}

/** Writes `files` under `root` (a content folder for the CLI's readers). */
export function writeTree(root: string, files: SourceFile[]): void {
  for (const f of files) {
    const full = join(root, f.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, f.bytes);
  }
}

/** The parts of a diagnostic a test usually pins down. */
export function brief(d: Diagnostic): Pick<Diagnostic, "severity" | "line" | "column" | "code"> & {
  field: string | undefined;
} {
  return { severity: d.severity, line: d.line, column: d.column, code: d.code, field: d.field };
}

/** Minimal valid front matter around `fields` (a YAML fragment). */
export function article(fields: string, body = "Body text.\n"): string {
  return `---\n${fields.endsWith("\n") ? fields : `${fields}\n`}---\n\n${body}`;
}
