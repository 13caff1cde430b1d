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

/** Object keys repeat across documents (schema.org property names): `"key": ` made once. */
const keyParts = new Map<string, string>();

function keyPart(key: string): string {
  let part = keyParts.get(key);
  if (part === undefined) {
    part = `${quote(key)}: `;
    if (keyParts.size >= 1000) keyParts.clear();
    keyParts.set(key, part);
  }
  return part;
}

/** Thrown when a value needs JSON.stringify's own handling. */
class Unusual extends Error {}
const UNUSUAL = new Unusual();

/** Deeper than this, JSON.stringify's path decides (and reports cycles). */
const MAX_DEPTH = 100;

/** By depth, made once: a line break and indentation, alone and after `{`, `[` or `,`. */
const breaks: { alone: string; object: string; array: string; next: string }[] = [];
const lineBreak = (depth: number) => {
  let made = breaks[depth];
  if (made === undefined) {
    const alone = `\n${"  ".repeat(depth)}`;
    made = { alone, object: `{${alone}`, array: `[${alone}`, next: `,${alone}` };
    breaks[depth] = made;
  }
  return made;
};

/** JSON.stringify writes nothing for these in objects, and null in arrays. */
const skipped = (value: unknown): boolean =>
  value === undefined || typeof value === "function" || typeof value === "symbol";

/**
 * Appends `value` (not a skipped one) as JSON.stringify(value, null, 2) writes it at `depth` to
 * `out`; the parts are joined once at the end (a flat string, no rope of small concatenations).
 */
function write(value: unknown, depth: number, out: string[]): void {
  switch (typeof value) {
    case "string":
      out.push(quote(value));
      return;
    case "number":
      out.push(Number.isFinite(value) ? String(value) : "null");
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "object":
      break;
    default:
      // bigint (JSON.stringify throws), or a skipped value at the top
      throw UNUSUAL;
  }
  if (value === null) {
    out.push("null");
    return;
  }
  if (depth >= MAX_DEPTH || "toJSON" in value) throw UNUSUAL;
  const inner = lineBreak(depth + 1);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw UNUSUAL;
    const length = value.length;
    if (length === 0) {
      out.push("[]");
      return;
    }
    for (let i = 0; i < length; i++) {
      out.push(i === 0 ? inner.array : inner.next);
      const item = value[i];
      if (skipped(item)) out.push("null");
      else write(item, depth + 1, out);
    }
    out.push(lineBreak(depth).alone, "]");
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (skipped(item)) continue;
    out.push(first ? inner.object : inner.next, keyPart(key));
    first = false;
    write(item, depth + 1, out);
  }
  if (first) out.push("{}");
  else out.push(lineBreak(depth).alone, "}");
}

/** Pretty-printed (2 spaces), script-safe JSON, ending with a newline. */
export function stringifySafeJson(value: unknown): string {
  const out: string[] = [];
  try {
    write(value, 0, out);
  } catch (error) {
    if (error !== UNUSUAL) throw error;
    const plain = JSON.stringify(value, null, 2);
    return `${UNSAFE_TEST.test(plain) ? plain.replace(UNSAFE, (c) => ESCAPES[c] ?? c) : plain}\n`;
  }
  out.push("\n");
  return out.join("");
}
