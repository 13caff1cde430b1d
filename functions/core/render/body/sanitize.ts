/**
 * Raw HTML in article bodies: sanitize-html with a strict allowlist (no script, style, iframe,
 * event attributes or unsafe URL schemes); URL attributes made absolute. Every removal can be
 * reported through the context's `report` callback.
 *
 * sanitize-html (and the htmlparser2 it needs) is loaded on the first call: most articles have no
 * raw HTML, so `feedpub build` and the Lambda functions usually never pay for it. Its `postcss`
 * dependency is never used: `style` attributes are filtered here (filterCellStyle) and
 * sanitize-html's own style parsing is off, which lets the Lambda bundles replace postcss with a
 * stub (infra/constructs/bundle-shims/postcss.ts).
 */
import { createRequire as createNodeRequire } from "node:module";
import type sanitizeHtml from "sanitize-html";
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

/** Characters a kept `style` may contain: no quotes, escapes, comments, brackets, `!`, `@` or URLs. */
const STYLE_CHARS = /^[A-Za-z0-9 \t\n\r\f:;.,%#+-]*$/;
/** One `property: value` (CSS whitespace as postcss reads it: no vertical tab, no no-break space). */
const STYLE_DECLARATION = /^[ \t\n\r\f]*([A-Za-z][A-Za-z-]*)[ \t\n\r\f]*:[ \t\n\r\f]*([^:;]*?)[ \t\n\r\f]*$/;
const CELL_ALIGNMENT = /^(?:left|right|center)$/;

/**
 * The `style` of a table cell, reduced to its `text-align: left|right|center` declarations (what
 * Markdown tables produce), written `text-align:center` as sanitize-html with postcss wrote it.
 * Anything that is not a plain list of `property: value` declarations (comments, quotes,
 * escapes, `!important`, `url(...)`, braces...) drops the whole attribute: undefined.
 */
export function filterCellStyle(style: string): string | undefined {
  if (!STYLE_CHARS.test(style)) return undefined;
  const kept: string[] = [];
  for (const part of style.split(";")) {
    if (/^[ \t\n\r\f]*$/.test(part)) continue;
    const declaration = STYLE_DECLARATION.exec(part);
    if (!declaration) return undefined;
    const [, property, value = ""] = declaration;
    if (property === "text-align" && CELL_ALIGNMENT.test(value)) kept.push(`${property}:${value}`);
  }
  return kept.length > 0 ? kept.join(";") : undefined;
}

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
  // `style` (th and td only) is filtered in transformTags by filterCellStyle; with this off,
  // sanitize-html never calls postcss.
  parseStyleAttributes: false,
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
        if (name === "style") {
          const style = filterCellStyle(value);
          if (style !== undefined) out[name] = style;
          continue;
        }
        out[name] = value;
      }
      return { tagName, attribs: out };
    },
  },
};

const nodeRequire = createNodeRequire(import.meta.url);
let sanitizeHtmlModule: typeof sanitizeHtml | undefined;

/**
 * sanitize-html, loaded on first use. In an esbuild bundle (the Lambda functions) `require` is
 * esbuild's: the package is bundled and its code runs on this first call. Under Node's own ESM
 * loader (the CLI, tests) there is no `require`, and createRequire's loads it from node_modules.
 */
function loadSanitizeHtml(): typeof sanitizeHtml {
  sanitizeHtmlModule ??= (
    typeof require === "function" ? require("sanitize-html") : nodeRequire("sanitize-html")
  ) as typeof sanitizeHtml;
  return sanitizeHtmlModule;
}

export function sanitize(html: string, ctx: SanitizeContext): string {
  context = ctx;
  try {
    return loadSanitizeHtml()(html, SANITIZE_OPTIONS);
  } finally {
    context = { base: undefined, report: undefined };
  }
}
