/**
 * Raw HTML in article bodies: sanitize-html with a strict allowlist (no script, style, iframe,
 * event attributes or unsafe URL schemes); URL attributes made absolute. Every removal can be
 * reported through the context's `report` callback.
 */
import sanitizeHtml from "sanitize-html";
import { IMAGE_SCHEMES, LINK_SCHEMES, resolveUrl } from "./urls.js";

export type ProblemSeverity = "error" | "warning";

// biome-ignore format: a word list
const ALLOWED_TAGS = [
  "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
  "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "code", "pre", "kbd",
  "samp", "var", "abbr", "cite", "q", "time", "figure", "figcaption", "img", "a", "table", "thead",
  "tbody", "tfoot", "tr", "th", "td", "caption", "span", "div",
];
const ALLOWED_TAG_SET = new Set(ALLOWED_TAGS);
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "title"],
  img: ["src", "alt", "title", "width", "height"],
  abbr: ["title"],
  time: ["datetime"],
  q: ["cite"],
  blockquote: ["cite"],
  del: ["cite", "datetime"],
  ins: ["cite", "datetime"],
  ol: ["start", "reversed"],
  li: ["value"],
  th: ["colspan", "rowspan", "style"],
  td: ["colspan", "rowspan", "style"],
  code: ["class"],
};
const URL_ATTRIBUTES = new Set(["href", "src", "cite"]);

export interface SanitizeContext {
  base: URL | undefined;
  /** Collects what was removed; undefined when the caller only wants the output. */
  report: ((severity: ProblemSeverity, code: string, message: string) => void) | undefined;
}

// sanitize-html is synchronous, so one module-level context lets the options object stay constant.
let context: SanitizeContext = { base: undefined, report: undefined };

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedClasses: { code: ["language-*"] },
  allowedStyles: {
    th: { "text-align": [/^(?:left|right|center)$/] },
    td: { "text-align": [/^(?:left|right|center)$/] },
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "iframe", "object", "title"],
  transformTags: {
    "*": (tagName, attribs) => {
      const { base, report } = context;
      if (!ALLOWED_TAG_SET.has(tagName)) {
        report?.("warning", "body.html-removed", `raw HTML <${tagName}> removed (not allowed in feeds)`);
        return { tagName, attribs };
      }
      const allowed = ALLOWED_ATTRIBUTES[tagName];
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(attribs)) {
        if (!allowed?.includes(name)) {
          report?.("warning", "body.html-removed", `attribute ${name} removed from raw HTML <${tagName}>`);
          continue;
        }
        if (URL_ATTRIBUTES.has(name)) {
          const result = resolveUrl(
            value,
            base,
            tagName === "img" ? IMAGE_SCHEMES : LINK_SCHEMES,
            `<${tagName} ${name}>`,
          );
          if ("url" in result) out[name] = result.url;
          else report?.("error", result.code, `${result.message}; removed`);
          continue;
        }
        out[name] = value;
      }
      return { tagName, attribs: out };
    },
  },
};

export function sanitize(html: string, ctx: SanitizeContext): string {
  context = ctx;
  try {
    return sanitizeHtml(html, SANITIZE_OPTIONS);
  } finally {
    context = { base: undefined, report: undefined };
  }
}
