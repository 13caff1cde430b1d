/**
 * Strings in front matter end up in XML feeds: characters XML 1.0 forbids (C0 controls other than
 * tab/LF/CR, U+FFFE, U+FFFF, unpaired surrogates) are errors, positioned on the character itself.
 */
import { codePointName, findXmlForbidden } from "../render/xml-chars.js";
import { fieldName } from "./schema-errors.js";
import type { PathSegment, YamlSource } from "./source.js";

/** The spellings a forbidden character may have in YAML source, most literal first. */
function spellings(code: number): string[] {
  const hex2 = code.toString(16).padStart(2, "0");
  const hex4 = code.toString(16).padStart(4, "0");
  return [
    String.fromCharCode(code),
    `\\x${hex2}`,
    `\\x${hex2.toUpperCase()}`,
    `\\u${hex4}`,
    `\\u${hex4.toUpperCase()}`,
    `\\U0000${hex4}`,
    `\\U0000${hex4.toUpperCase()}`,
  ];
}

function visit(
  value: unknown,
  path: PathSegment[],
  found: (path: PathSegment[], text: string) => void,
): void {
  if (typeof value === "string") {
    found(path, value);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(value[i], [...path, i], found);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) visit(item, [...path, key], found);
  }
}

/**
 * Could the YAML text produce a forbidden character? Only if one is written literally or a
 * backslash escape could spell one; most front matter has neither, and skips the walk.
 */
const MAYBE_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\\]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Reports every string value holding an XML-forbidden character. Returns the number reported. */
export function checkXmlChars(data: unknown, source: YamlSource): number {
  if (!MAYBE_FORBIDDEN.test(source.yaml)) return 0;
  let count = 0;
  visit(data, [], (path, text) => {
    const forbidden = findXmlForbidden(text);
    const first = forbidden[0];
    if (!first) return;
    count++;
    const name = codePointName(first.code);
    const surrogate = first.code >= 0xd800 && first.code <= 0xdfff;
    const what = surrogate ? `an unpaired surrogate (${name})` : `the control character ${name}`;
    const more = forbidden.length > 1 ? ` (and ${forbidden.length - 1} more)` : "";
    source.report.add(
      "error",
      "xml-char",
      `contains ${what}${more}, which XML 1.0 forbids: feeds would be rejected by readers; delete it`,
      source.locateInValue(path, spellings(first.code)),
      fieldName(path),
    );
  });
  return count;
}
