/**
 * XML output: an element tree serialised by fast-xml-builder, which escapes `& < > ' "` in every
 * text node and attribute (so every `]]>` becomes `]]&gt;`; no CDATA is emitted). Every value also
 * loses XML-forbidden characters on the way out, whatever its origin.
 *
 * Tree shape (fast-xml-builder's): `{ tag: { "@_attr": "v", "#text": "t", child: {...}, repeated: [a, b] } }`.
 * Key order is output order.
 */
import XMLBuilder from "fast-xml-builder";
import { stripXmlForbidden } from "./xml-chars.js";

export type XmlValue = string | number | XmlElement | XmlValue[] | undefined;
export interface XmlElement {
  [key: string]: XmlValue;
}

const ATTRIBUTE_WHITESPACE = /[\t\n\r]/g;
const CARRIAGE_RETURN = /\r\n?/g;

function cleanText(value: string): string {
  const clean = stripXmlForbidden(value);
  return clean.includes("\r") ? clean.replace(CARRIAGE_RETURN, "\n") : clean;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  // A parser turns CR and CRLF in text into LF; doing it here keeps the bytes honest.
  tagValueProcessor: (_name: string, value: unknown) =>
    typeof value === "string" ? cleanText(value) : value,
  // Parsers turn tabs and newlines in attributes into spaces anyway; doing it here keeps the bytes honest.
  attributeValueProcessor: (_name: string, value: unknown) =>
    typeof value === "string" ? stripXmlForbidden(value).replace(ATTRIBUTE_WHITESPACE, " ") : value,
});

/** Drops undefined values so optional fields can be written inline. */
function prune(value: XmlValue): XmlValue {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(prune);
  if (value && typeof value === "object") {
    const out: XmlElement = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      if (Array.isArray(child) && child.length === 0) continue;
      out[key] = prune(child);
    }
    return out;
  }
  return value;
}

/** A complete XML document: declaration, then the tree. */
export function serializeXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(prune(root))}`;
}
