/**
 * Article body: Markdown → sanitised HTML with absolute URLs, plain text and a word count.
 *
 * - markdown-it (CommonMark + tables + strikethrough), one instance for the whole process.
 * - Raw HTML is parsed (`html: true`) and, only when the token stream holds raw HTML, the whole
 *   output goes through sanitize-html with a strict allowlist (most articles skip that cost).
 * - Every link, image and URL attribute is resolved against the article URL; `javascript:`,
 *   `vbscript:`, `data:`, `file:` and any other scheme outside the allowlist is refused.
 * - XML 1.0-forbidden characters are removed before parsing.
 * - Everything changed or refused is reported as a `BodyProblem` with a 1-based line and column
 *   within the body (column in UTF-16 code units, as editors such as VS Code count).
 *
 * Word count rule: each Han, Hiragana or Katakana character counts as one word (Chinese and
 * Japanese are written without spaces); any other run of letters, digits and combining marks
 * (Latin, Cyrillic, Hangul, Arabic...) counts as one word, with inner apostrophes, hyphens and
 * dots kept inside the word ("don't", "e-mail", "3.5").
 */
import MarkdownIt, { type Token } from "markdown-it";
import sanitizeHtml from "sanitize-html";
import type { RenderedBody } from "./model.js";
import { codePointName, findXmlForbidden, stripXmlForbidden } from "./render/xml-chars.js";

export interface BodyProblem {
  /** 1-based, within the body. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
  severity: "error" | "warning";
  /** `body.xml-char`, `body.unsafe-url`, `body.unresolvable-url`, `body.html-removed`. */
  code: string;
  message: string;
}

export type RenderedBodyResult = RenderedBody & { problems: BodyProblem[] };

const md = new MarkdownIt("default", { html: true, linkify: false, typographer: false });
// Our own URL policy (below) runs on every link and image; markdown-it's would turn refused links
// into literal text silently.
md.validateLink = () => true;
// WHATWG URL (in resolveUrl) percent-encodes and punycodes every URL we keep; markdown-it's own pass
// (mdurl + punycode) would only repeat that work.
md.normalizeLink = (url) => url;

const LINK_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);
const IMAGE_SCHEMES = new Set(["http:", "https:"]);

const NON_TEXT_HTML = /^<(script|style|textarea|noscript|template|iframe|object|title)\b/i;
const LINE_BREAK = /\r\n|\r|\n/;

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SEPARATOR = 0;
const LETTER = 1;
const CJK = 2;
const JOINER = 3;
const ASCII_KIND = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const lower = c | 0x20;
  if ((c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a)) ASCII_KIND[c] = LETTER;
  else if (c === 0x27 || c === 0x2d || c === 0x2e) ASCII_KIND[c] = JOINER;
}

/** Words in plain text, by the rule in this module's header. One pass, ASCII without regexes. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  let joiner = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind: number;
    if (c < 0x80) {
      kind = ASCII_KIND[c] ?? SEPARATOR;
    } else if (c === 0x2019) {
      kind = JOINER;
    } else {
      let char = text[i] as string;
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          char = text.slice(i, i + 2);
          i++;
        }
      }
      kind = CJK_CHAR.test(char) ? CJK : WORD_CHAR.test(char) ? LETTER : SEPARATOR;
    }
    if (kind === LETTER) {
      if (!inWord) count++;
      inWord = true;
      joiner = false;
    } else if (kind === JOINER && inWord && !joiner) {
      joiner = true;
    } else {
      if (kind === CJK) count++;
      inWord = false;
      joiner = false;
    }
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Positions

/** Finds where a token's text sits in the body, lazily splitting it into lines. */
class Locator {
  private lines: string[] | undefined;
  constructor(private readonly body: string) {}

  private getLines(): string[] {
    this.lines ??= this.body.split(LINE_BREAK);
    return this.lines;
  }

  /** Position of `needle` within lines [start, end) (0-based), else the first line's start. */
  find(map: [number, number] | null | undefined, needles: string[]): { line: number; column: number } {
    const start = map?.[0] ?? 0;
    const end = Math.max(map?.[1] ?? start + 1, start + 1);
    const lines = this.getLines();
    for (const needle of needles) {
      if (!needle) continue;
      for (let l = start; l < end && l < lines.length; l++) {
        const at = lines[l]?.indexOf(needle) ?? -1;
        if (at >= 0) return { line: l + 1, column: at + 1 };
      }
    }
    return { line: start + 1, column: 1 };
  }

  /** Position of a UTF-16 index within the body. */
  at(index: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < index; i++) {
      const c = this.body.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && this.body.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: index - lineStart + 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// URLs

type UrlResult = { url: string } | { code: string; message: string };

function resolveUrl(raw: string, base: URL | undefined, schemes: Set<string>, what: string): UrlResult {
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return {
      code: "body.unresolvable-url",
      message: base
        ? `${what} "${raw}" is not a valid URL`
        : `${what} "${raw}" is relative and cannot be made absolute: the article URL is not absolute`,
    };
  }
  if (!schemes.has(url.protocol)) {
    return {
      code: "body.unsafe-url",
      message: `${what} "${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}" uses the ${url.protocol} scheme; allowed: ${[...schemes].join(" ")}`,
    };
  }
  return { url: url.href };
}

// ---------------------------------------------------------------------------------------------
// Raw HTML sanitising

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

interface SanitizeContext {
  base: URL | undefined;
  /** Collects what was removed; undefined when the caller only wants the output. */
  report: ((severity: BodyProblem["severity"], code: string, message: string) => void) | undefined;
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

function sanitize(html: string, ctx: SanitizeContext): string {
  context = ctx;
  try {
    return sanitizeHtml(html, SANITIZE_OPTIONS);
  } finally {
    context = { base: undefined, report: undefined };
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering

function neutralise(token: Token, content: string): void {
  token.type = "text";
  token.tag = "";
  token.attrs = null;
  token.children = null;
  token.content = content;
}

/**
 * Renders an article body. `articleUrl` is the article's canonical URL: relative links and images
 * resolve against it. Never throws on content; everything it changes is listed in `problems`.
 * `html`, `text` and `wordCount` are lazy getters (computed once, on first read), so a caller that
 * only validates pays for parsing, not for rendering.
 */
export function renderBody(body: string, articleUrl: string): RenderedBodyResult {
  const problems: BodyProblem[] = [];
  const locator = new Locator(body);

  const forbidden = findXmlForbidden(body);
  for (const { index, code } of forbidden.slice(0, 20)) {
    problems.push({
      ...locator.at(index),
      severity: "error",
      code: "body.xml-char",
      message: `character ${codePointName(code)} is not allowed in XML 1.0 and was removed`,
    });
  }
  if (forbidden.length > 20) {
    problems.push({
      ...locator.at(forbidden[20]?.index ?? 0),
      severity: "error",
      code: "body.xml-char",
      message: `${forbidden.length - 20} more characters not allowed in XML 1.0 were removed`,
    });
  }
  const source = forbidden.length > 0 ? stripXmlForbidden(body) : body;
  const sourceLocator = forbidden.length > 0 ? new Locator(source) : locator;

  let base: URL | undefined;
  try {
    base = new URL(articleUrl);
  } catch {
    base = undefined;
  }

  const tokens = md.parse(source, {});
  const blocks: string[] = [];
  let hasHtml = false;

  const checkUrl = (
    token: Token,
    attr: string,
    map: [number, number] | null,
    schemes: Set<string>,
    what: string,
  ) => {
    const raw = String(token.attrGet(attr) ?? "");
    const result = resolveUrl(raw, base, schemes, what);
    if ("url" in result) {
      token.attrSet(attr, result.url);
      return true;
    }
    problems.push({
      ...sourceLocator.find(map, [raw, md.normalizeLinkText(raw)]),
      severity: "error",
      code: result.code,
      message: `${result.message}; the ${what.toLowerCase()} was removed`,
    });
    return false;
  };

  const reportHtml = (token: Token, map: [number, number] | null) => {
    const position = sourceLocator.find(map, [token.content.trim().split(LINE_BREAK)[0] ?? ""]);
    sanitize(token.content, {
      base,
      report: (severity, code, message) => problems.push({ ...position, severity, code, message }),
    });
  };

  for (const token of tokens) {
    if (token.type === "inline") {
      const map = token.map;
      let text = "";
      let skipUntil: string | undefined;
      let refusedLink = false;
      for (const child of token.children ?? []) {
        switch (child.type) {
          case "text":
          case "code_inline":
            if (!skipUntil) text += child.content;
            break;
          case "softbreak":
            text += " ";
            break;
          case "hardbreak":
            text += "\n";
            break;
          case "link_open":
            if (!checkUrl(child, "href", map, LINK_SCHEMES, "Link")) {
              neutralise(child, "");
              refusedLink = true;
            }
            break;
          case "link_close":
            if (refusedLink) {
              neutralise(child, "");
              refusedLink = false;
            }
            break;
          case "image":
            if (!checkUrl(child, "src", map, IMAGE_SCHEMES, "Image")) neutralise(child, "");
            break;
          case "html_inline": {
            hasHtml = true;
            reportHtml(child, map);
            if (skipUntil) {
              if (child.content.toLowerCase().startsWith(skipUntil)) skipUntil = undefined;
            } else {
              const match = NON_TEXT_HTML.exec(child.content);
              if (match) skipUntil = `</${(match[1] ?? "").toLowerCase()}`;
            }
            break;
          }
        }
      }
      if (text) blocks.push(text);
    } else if (token.type === "fence" || token.type === "code_block") {
      blocks.push(token.content.replace(/\n$/, ""));
    } else if (token.type === "html_block") {
      hasHtml = true;
      reportHtml(token, token.map);
    }
  }

  // HTML and word count are computed on first read: validation only needs `problems`.
  let html: string | undefined;
  let text: string | undefined;
  let wordCount: number | undefined;
  return {
    get html() {
      if (html === undefined) {
        html = md.renderer.render(tokens, md.options, {});
        if (hasHtml) html = stripXmlForbidden(sanitize(html, { base, report: undefined }));
      }
      return html;
    },
    get text() {
      text ??= blocks.join("\n");
      return text;
    },
    get wordCount() {
      wordCount ??= countWords(this.text);
      return wordCount;
    },
    problems,
  };
}
