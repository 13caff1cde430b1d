/* Reference copy of functions/core/render/xml-chars.ts as it was before the hot-path work (3bd9212). Do not optimise. */
/**
 * Characters XML 1.0 forbids (§2.2 Char): C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and
 * unpaired surrogates. One cheap test per string; the slow scan runs only when the test matches.
 */

// A plain character class is fast on long strings; surrogates (emoji) also match it, and the exact
// scan below then tells pairs from unpaired ones.
const MAYBE_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the forbidden controls is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

function isForbiddenUnit(code: number): boolean {
  return code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0xfffe;
}

/** One forbidden character found in a string: its UTF-16 index and code unit. */
export interface ForbiddenChar {
  index: number;
  code: number;
}

/** Every XML-forbidden character in `text` (unpaired surrogates included), in order. */
export function findXmlForbidden(text: string): ForbiddenChar[] {
  if (!MAYBE_FORBIDDEN.test(text)) return [];
  const found: ForbiddenChar[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      found.push({ index: i, code });
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      found.push({ index: i, code });
    } else if (isForbiddenUnit(code)) {
      found.push({ index: i, code });
    }
  }
  return found;
}

/** `text` without XML-forbidden characters. Returns `text` itself when it is already clean. */
export function stripXmlForbidden(text: string): string {
  if (!MAYBE_FORBIDDEN.test(text)) return text;
  const found = findXmlForbidden(text);
  if (found.length === 0) return text;
  let out = "";
  let start = 0;
  for (const { index } of found) {
    out += text.slice(start, index);
    start = index + 1;
  }
  return out + text.slice(start);
}

/** `U+0001` style name of a code unit, for messages. */
export function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}
