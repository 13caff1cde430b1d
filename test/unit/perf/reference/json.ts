/* Reference copy of functions/core/render/json.ts as it was before the hot-path work (3bd9212). Do not optimise. */
/**
 * JSON that is safe to embed in HTML `<script>` elements and to serve as-is: `<`, `>`, `&`, U+2028 and
 * U+2029 are written as \u escapes (JSON.parse gives the same value back). Lone surrogates are
 * already escaped by JSON.stringify (well-formed JSON.stringify, Node 12+). Key order is insertion order.
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

/** Pretty-printed (2 spaces), script-safe JSON, ending with a newline. */
export function stringifySafeJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  return `${UNSAFE_TEST.test(json) ? json.replace(UNSAFE, (c) => ESCAPES[c] ?? c) : json}\n`;
}
