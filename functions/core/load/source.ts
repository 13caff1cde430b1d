/**
 * One YAML source (site.yaml, or an article's front matter) inside its file, with the file's
 * diagnostics. Parsing takes the fast path first; the full `yaml` Document, which knows where
 * every key and value sits, is built only when a problem has to be positioned.
 */
import { createRequire as createNodeRequire } from "node:module";
import type { Document, Node, YAMLError } from "yaml";

/**
 * What this file uses of `yaml`, and all it may use: the Lambda bundles swap the package for a
 * shim that exports these names alone (infra/constructs/bundle-shims/yaml.js), so that esbuild can
 * tree-shake the rest (a `require`d module keeps every export). Using another export fails the
 * type check here; adding it to the list fails test/unit/infra/yaml-shim.test.ts until the shim
 * exports it too.
 */
export const YAML_EXPORTS_USED = ["parseDocument", "isMap", "isScalar", "isSeq"] as const;
type YamlModule = Pick<typeof import("yaml"), (typeof YAML_EXPORTS_USED)[number]>;
const nodeRequire = createNodeRequire(import.meta.url);
let yamlModule: YamlModule | undefined;

/**
 * The `yaml` package, loaded on first use: most front matter takes the fast path (fast-yaml.ts)
 * and needs no document or positions, so a build of valid content never loads it (~30 ms of
 * start-up). In an esbuild bundle `require` is esbuild's (the package is bundled); under Node's
 * ESM loader createRequire's loads it from node_modules. As in render/body/sanitize.ts.
 */
function yaml(): YamlModule {
  yamlModule ??= (typeof require === "function" ? require("yaml") : nodeRequire("yaml")) as YamlModule;
  return yamlModule;
}

import type { Diagnostic, Severity } from "../model.js";
import { parseSimpleYaml } from "./fast-yaml.js";
import { LineIndex, type Position } from "./lines.js";

export type PathSegment = string | number;

/** Where a problem points: a key (or sequence item), a value, or the start of the mapping. */
export type Anchor = "key" | "value";

const YAML_HINTS: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: "a value that contains ': ' must be quoted, e.g. title: \"Quake: what we know\"",
  MULTILINE_IMPLICIT_KEY: "a value that contains ': ' or spans lines must be quoted",
  DUPLICATE_KEY: "each field may appear only once",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  BAD_INDENT: "check the indentation: nested fields need more spaces than their parent",
  MISSING_CHAR: "a quote or bracket is not closed",
  BAD_DQ_ESCAPE:
    'inside "double quotes" a backslash starts an escape: write \\\\ for a backslash, or use single quotes',
  TAG_RESOLVE_FAILED: "remove the '!tag' before the value",
};

export class FileReport {
  constructor(
    readonly file: string,
    readonly out: Diagnostic[],
  ) {}

  errors = 0;

  add(severity: Severity, code: string, message: string, at: Position, field?: string): void {
    if (severity === "error") this.errors++;
    const diagnostic: Diagnostic = {
      severity,
      file: this.file,
      line: at.line,
      column: at.column,
      code,
      message,
    };
    if (field !== undefined) diagnostic.field = field;
    this.out.push(diagnostic);
  }
}

export class YamlSource {
  #document: Document | undefined;

  /**
   * @param lines the whole file's text, for positions
   * @param yaml the YAML text, found at `yamlOffset` in the file
   * @param rootOffset where "the whole mapping" problems point (the `---` line for articles)
   */
  constructor(
    readonly report: FileReport,
    readonly lines: LineIndex,
    readonly yaml: string,
    readonly yamlOffset: number,
    readonly rootOffset: number,
  ) {}

  static forFile(report: FileReport, text: string, yamlOffset = 0, yamlEnd = text.length): YamlSource {
    return new YamlSource(report, new LineIndex(text), text.slice(yamlOffset, yamlEnd), yamlOffset, 0);
  }

  document(): Document {
    this.#document ??= yaml().parseDocument(this.yaml, {
      schema: "core",
      prettyErrors: false,
      uniqueKeys: true,
    });
    return this.#document;
  }

  /** Position in the file of an offset within the YAML text. */
  position(offset: number): Position {
    return this.lines.position(this.yamlOffset + offset);
  }

  /**
   * Parses the YAML. Syntax problems become diagnostics (and the result is undefined); a document
   * with only comments or nothing at all is an empty mapping.
   */
  parse(): unknown {
    const fast = parseSimpleYaml(this.yaml);
    if (fast !== undefined) return fast;
    const doc = this.document();
    for (const warning of doc.warnings) this.#yamlProblem("warning", warning);
    for (const error of doc.errors) this.#yamlProblem("error", error);
    if (doc.errors.length > 0) return undefined;
    try {
      return (doc.toJS({ maxAliasCount: 100 }) as unknown) ?? {};
    } catch (error) {
      // Unresolved aliases and alias bombs surface only when the document is converted.
      const text = (error as Error).message;
      const alias = /alias[^:]*: (\S+)/.exec(text)?.[1];
      const at = alias ? this.yaml.indexOf(`*${alias}`) : -1;
      this.report.add("error", "yaml.syntax", `YAML: ${text}`, this.position(Math.max(0, at)));
      return undefined;
    }
  }

  #yamlProblem(severity: Severity, error: YAMLError): void {
    const text = error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").replace(/\.$/, "");
    const hint = YAML_HINTS[error.code];
    let message = `YAML: ${text.charAt(0).toLowerCase()}${text.slice(1)}${hint ? ` — ${hint}` : ""}`;
    let offset = error.pos[0];
    if (error.code === "MISSING_CHAR" && /quote/.test(error.message)) {
      offset = this.#unclosedQuote(offset);
      message = "YAML: this quote is never closed — add the closing quote at the end of the value";
    }
    this.report.add(
      severity,
      severity === "error" ? "yaml.syntax" : "yaml.warning",
      message,
      this.position(offset),
    );
  }

  /** yaml reports an unclosed quote where the document ends; point at the quote that opened it. */
  #unclosedQuote(fallback: number): number {
    const opening = /^(?:\s*(?:- +)?[^\s"'#][^:#]*:[ \t]+|\s*- +)(["'])/;
    let offset = 0;
    for (const line of this.yaml.split("\n")) {
      const match = opening.exec(line);
      if (match) {
        const quote = match[1] as string;
        const rest = line.slice(match[0].length).replace(quote === '"' ? /\\./g : /''/g, "");
        if (!rest.includes(quote)) return offset + match[0].length - 1;
      }
      offset += line.length + 1;
    }
    return fallback;
  }

  /** The YAML node at `path` and the node that names it (its key, or the item itself). */
  #find(path: readonly PathSegment[]): { node: Node | null; key: Node | null; found: number } {
    let node = this.document().contents as Node | null;
    let key: Node | null = null;
    let found = 0;
    for (const segment of path) {
      const { isMap, isScalar, isSeq } = yaml();
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        key = pair.key as Node;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        key = item;
        node = item;
      } else {
        break;
      }
      found++;
    }
    return { node, key, found };
  }

  /**
   * Position of the key (or sequence item) at `path`, or of its value. The empty path, or a path
   * that is not in the source, points at the nearest enclosing key, else at the mapping's start.
   */
  locate(path: readonly PathSegment[], anchor: Anchor = "key"): Position {
    if (path.length === 0) return this.lines.position(this.rootOffset);
    const { node, key, found } = this.#find(path);
    if (found === 0) return this.lines.position(this.rootOffset);
    const target = found === path.length && anchor === "value" && node?.range ? node : key;
    const offset = target?.range?.[0];
    return offset === undefined ? this.lines.position(this.rootOffset) : this.position(offset);
  }

  /** Position of `needle` inside the value at `path` (first occurrence), else of the value itself. */
  locateInValue(path: readonly PathSegment[], needles: string[]): Position {
    const { node, found } = this.#find(path);
    const range = found === path.length ? node?.range : undefined;
    if (range) {
      const raw = this.yaml.slice(range[0], range[1]);
      for (const needle of needles) {
        const at = raw.indexOf(needle);
        if (at !== -1) return this.position(range[0] + at);
      }
    }
    return this.locate(path, "value");
  }
}
