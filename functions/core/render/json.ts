/**
 * JSON that is safe to embed in HTML `<script>` elements and to serve as-is: `<`, `>`, `&`, U+2028 and
 * U+2029 are written as \u escapes (JSON.parse gives the same value back). Lone surrogates are
 * already escaped by JSON.stringify (well-formed JSON.stringify, Node 12+). Key order is insertion order.
 *
 * The output is exactly `JSON.stringify(value, null, 2)` with those escapes (property-tested against
 * that in test/unit/perf/json.test.ts), but plain objects and arrays are written here: each string is
 * checked once, and one that needs no escape at all (most text, article bodies included) is copied
 * between quotes instead of going through JSON.stringify and a second scan of the whole document.
 * Anything unusual (toJSON, class instances, BigInt, deep or circular nesting) takes JSON.stringify's
 * own path, so its results and errors are JSON.stringify's.
 */

const UNSAFE = /[<>&\u2028\u2029]/g;
const UNSAFE_TEST = /[<>&\u2028\u2029]/;
const ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

const escapeUnsafe = (json: string): string =>
  UNSAFE_TEST.test(json) ? json.replace(UNSAFE, (c) => ESCAPES[c] ?? c) : json;

/**
 * What JSON.stringify escapes (quote, backslash, C0 controls, lone surrogates: every surrogate, to
 * be safe), and what we escape. A string with none of these is its own JSON, between quotes.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
/** The rarer of those: a string with none of them needs only the SIMPLE replacements. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what JSON escapes
const NEEDS_STRINGIFY = /[\u0000-\u0009\u000b-\u001f\u2028\u2029\ud800-\udfff]/;
/** JSON.stringify's escapes of these, then ours; the backslash first. */
const SIMPLE: [string, string][] = [
  ["\\", "\\\\"],
  ['"', '\\"'],
  ["\n", "\\n"],
  ["<", "\\u003c"],
  [">", "\\u003e"],
  ["&", "\\u0026"],
];

/** A JSON string literal, script-safe. */
function quote(text: string): string {
  // A short string usually needs nothing: one test settles it. Long ones (article text) mostly hold
  // line feeds or quotes: the rare characters are looked for first, then each simple one by indexOf.
  if (text.length < 256 && !NEEDS_ESCAPE.test(text)) return `"${text}"`;
  if (NEEDS_STRINGIFY.test(text)) return escapeUnsafe(JSON.stringify(text));
  // Only quotes, backslashes, line feeds, <, > and &: native replaces, no callback per match.
  let out = text;
  for (const [char, escaped] of SIMPLE) if (out.includes(char)) out = out.replaceAll(char, escaped);
  return `"${out}"`;
}

/** Object keys repeat across documents (schema.org property names): quoted once. */
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    if (quotedKeys.size >= 1000) quotedKeys.clear();
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Thrown when a value needs JSON.stringify's own handling. */
class Unusual extends Error {}
const UNUSUAL = new Unusual();

/** Deeper than this, JSON.stringify's path decides (and reports cycles). */
const MAX_DEPTH = 100;

/** `value` as JSON.stringify(value, null, 2) writes it at `indent`; undefined where it writes nothing. */
function write(value: unknown, indent: string, depth: number): string | undefined {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    case "bigint":
      throw UNUSUAL;
    default:
      // undefined, functions, symbols
      return undefined;
  }
  if (value === null) return "null";
  if (depth >= MAX_DEPTH || "toJSON" in value) throw UNUSUAL;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw UNUSUAL;
    const length = value.length;
    if (length === 0) return "[]";
    let out = `[\n${inner}${write(value[0], inner, depth + 1) ?? "null"}`;
    for (let i = 1; i < length; i++) out += `,\n${inner}${write(value[i], inner, depth + 1) ?? "null"}`;
    return `${out}\n${indent}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  const record = value as Record<string, unknown>;
  let out = "";
  for (const key of Object.keys(record)) {
    const item = write(record[key], inner, depth + 1);
    if (item === undefined) continue;
    out += `${out === "" ? "{\n" : ",\n"}${inner}${quoteKey(key)}: ${item}`;
  }
  return out === "" ? "{}" : `${out}\n${indent}}`;
}

/** Pretty-printed (2 spaces), script-safe JSON, ending with a newline. */
export function stringifySafeJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = write(value, "", 0);
  } catch (error) {
    if (error !== UNUSUAL) throw error;
    json = undefined;
  }
  if (json === undefined) {
    const plain = JSON.stringify(value, null, 2);
    return `${UNSAFE_TEST.test(plain) ? plain.replace(UNSAFE, (c) => ESCAPES[c] ?? c) : plain}\n`;
  }
  return `${json}\n`;
}
