/* Reference copy of functions/core/load/fast-yaml-scalars.ts as it was before the hot-path work (3bd9212). Do not optimise. */
/**
 * Scalars and one-line flow sequences for the fast front-matter path (see fast-yaml.ts). Anything
 * these helpers are not sure about throws BAIL, and the caller hands the document to `yaml`.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Characters the fast path leaves to the full parser (controls, tabs, odd line breaks, BOM). */
export const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\t\ufeff\u2028\u2029\ufffe\uffff]/;
/** A carriage return that does not start a CRLF. */
export const LONE_CR = /\r(?!\n)/;
export const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
export const NULL = /^(?:~|[Nn]ull|NULL)?$/;
export const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
/** Plain scalars that resolve to anything but a string or a decimal int in the core schema. */
const OTHER_NUMBER =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Characters that may not start a plain scalar here (YAML indicators; `-` handled apart). */
const INDICATOR = /^[?:,[\]{}#&*!|>'"%@`]/;

class Bail extends Error {}
export const BAIL = new Bail();

export function bail(): never {
  throw BAIL;
}

export function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

export function isBlankOrComment(line: string): boolean {
  const i = indentOf(line);
  return i === line.length || line.charCodeAt(i) === 35; /* # */
}

/** Removes a trailing ` # comment` and trailing spaces from a plain scalar's line remainder. */
export function stripComment(text: string): string {
  if (text[0] === "#") return "";
  const hash = text.indexOf(" #");
  return (hash === -1 ? text : text.slice(0, hash)).trimEnd();
}

/** First characters of plain scalars that may resolve to something other than a string. */
const MAYBE_NOT_STRING = /^[-+.0-9~nNtTfF]|^$/;

function resolvePlain(text: string): Value {
  if (!MAYBE_NOT_STRING.test(text)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === "t" || text[0] === "T";
  if (INT.test(text)) return Number.parseInt(text, 10);
  if (OTHER_NUMBER.test(text)) bail();
  return text;
}

/** A plain scalar in block context, already stripped of its comment. */
export function plainScalar(text: string): Value {
  if (INDICATOR.test(text)) bail();
  if (text[0] === "-" && (text.length === 1 || text[1] === " ")) bail();
  if (text.includes(": ") || text.endsWith(":")) bail();
  return resolvePlain(text);
}

/** After a closing quote only spaces or a comment may follow. */
export function checkTrailer(rest: string): void {
  const t = rest.trimStart();
  if (t !== "" && (t[0] !== "#" || t.length === rest.length)) bail();
}

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', "/": "/", n: "\n", t: "\t" };

/** A one-line double-quoted scalar starting at text[0] === '"'. Returns the value and the rest. */
export function doubleQuoted(text: string): [string, string] {
  let out = "";
  let i = 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    const slash = text.indexOf("\\", i);
    if (quote === -1) bail();
    if (slash === -1 || quote < slash) {
      out += text.slice(i, quote);
      return [out, text.slice(quote + 1)];
    }
    out += text.slice(i, slash);
    const esc = text[slash + 1] ?? "";
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) {
      out += simple;
      i = slash + 2;
    } else if (esc === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(slash + 2, slash + 6))) {
      out += String.fromCharCode(Number.parseInt(text.slice(slash + 2, slash + 6), 16));
      i = slash + 6;
    } else {
      bail();
    }
  }
}

/** A one-line single-quoted scalar starting at text[0] === "'". */
export function singleQuoted(text: string): [string, string] {
  let out = "";
  let i = 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote === -1) bail();
    out += text.slice(i, quote);
    if (text[quote + 1] === "'") {
      out += "'";
      i = quote + 2;
    } else {
      return [out, text.slice(quote + 1)];
    }
  }
}

/** A one-line flow sequence of scalars: `[a, "b c", 3]`. */
export function flowSequence(text: string): Value[] {
  const items: Value[] = [];
  let i = 1;
  const skip = () => {
    while (text[i] === " ") i++;
  };
  skip();
  if (text[i] === "]") {
    checkTrailer(text.slice(i + 1));
    return items;
  }
  for (;;) {
    skip();
    const c = text[i];
    if (c === '"' || c === "'") {
      const [value, rest] = c === '"' ? doubleQuoted(text.slice(i)) : singleQuoted(text.slice(i));
      items.push(value);
      i = text.length - rest.length;
    } else {
      const start = i;
      while (i < text.length && text[i] !== "," && text[i] !== "]") i++;
      const raw = text.slice(start, i).trimEnd();
      if (raw === "" || /[:#[\]{}"']/.test(raw) || INDICATOR.test(raw) || raw[0] === "-") bail();
      items.push(resolvePlain(raw));
    }
    skip();
    if (text[i] === "]") {
      checkTrailer(text.slice(i + 1));
      return items;
    }
    if (text[i] !== ",") bail();
    i++;
  }
}
