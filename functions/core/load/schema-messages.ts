/** Editor-language messages for schema problems: types, dates, patterns and formats by field kind. */
import type { ErrorObject } from "ajv";
import type { PathSegment } from "./source.js";
import { slugify } from "./suggest.js";

const EXAMPLE_DATE = "2026-11-27T09:30:00+09:00";

/** Dotted field path for messages: `authors[1].url`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping of fields";
  if (typeof value === "string") return `the text ${quote(value)}`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

export function quote(value: unknown): string {
  const text = String(value);
  return `'${text.length > 80 ? `${text.slice(0, 80)}…` : text}'`;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  array: "a list (lines starting with '- ', or [a, b])",
  object: "a mapping of fields (indented 'name: value' lines)",
};

export function typeMessage(expected: string, value: unknown): string {
  if (value === null)
    return `is empty: write ${TYPE_WORDS[expected] ?? expected} after the colon, or remove the line`;
  const want = TYPE_WORDS[expected] ?? expected;
  const hint =
    expected === "string" && (typeof value === "number" || typeof value === "boolean")
      ? ` — put it in quotes, e.g. "${String(value)}"`
      : "";
  return `must be ${want}, not ${describe(value)}${hint}`;
}

function dateMessage(value: unknown): { code: string; message: string } {
  const text = String(value);
  const code = "schema.date-time";
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return {
      code,
      message: `must be a date and time with a UTC offset, e.g. ${EXAMPLE_DATE}, not just a date ('${text}')`,
    };
  }
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(text)) {
    return {
      code,
      message: `must include a UTC offset, e.g. ${EXAMPLE_DATE} (or Z for UTC); got '${text}'`,
    };
  }
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(text)) {
    return {
      code,
      message: `must have a 'T' between the date and the time, e.g. ${EXAMPLE_DATE}; got '${text}'`,
    };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/.test(text)) {
    return { code, message: `must include seconds, e.g. ${EXAMPLE_DATE}; got '${text}'` };
  }
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:?\d{2}$/.test(text) &&
    !/[+-]\d{2}:\d{2}$/.test(text)
  ) {
    return { code, message: `must write the UTC offset with a colon, e.g. +09:00; got '${text}'` };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/.test(text)) {
    return {
      code,
      message: `is not a real date and time (check the month, day, hours and minutes); got '${text}'`,
    };
  }
  return {
    code,
    message: `must be a date and time with a UTC offset (RFC 3339), e.g. ${EXAMPLE_DATE}; got ${describe(value)}`,
  };
}

/** Which shared definition (or field) a pattern/format error comes from. */
function kindOf(error: ErrorObject, path: PathSegment[]): string {
  const def = /\$defs\/([A-Za-z]+)\/[^/]+$/.exec(error.schemaPath);
  if (def) return def[1]!;
  const last = path.findLast((s) => typeof s === "string");
  return typeof last === "string" ? last : "";
}

export function patternMessage(
  error: ErrorObject,
  path: PathSegment[],
  value: unknown,
): { code: string; message: string } {
  const text = String(value);
  const code = `schema.${error.keyword}`;
  switch (kindOf(error, path)) {
    case "dateTimeWithOffset":
      return dateMessage(value);
    case "slug": {
      const suggestion = slugify(text);
      return {
        code,
        message: `must be lowercase letters, digits and single hyphens${suggestion ? `, e.g. '${suggestion}'` : ""}; got '${text}'`,
      };
    }
    case "languageTag":
      return {
        code,
        message: `must be a BCP 47 language tag such as en, en-GB, ja or zh-Hant; got '${text}'`,
      };
    case "httpUrl":
    case "websubHub":
    case "canonical": {
      const fix = /^(www\.|[a-z0-9-]+\.[a-z]{2,})/i.test(text) ? ` — did you mean 'https://${text}'?` : "";
      return {
        code,
        message: `must be an absolute URL starting with https:// or http://; got '${text}'${fix}`,
      };
    }
    case "baseUrl":
      if (/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(text) && !text.endsWith("/")) {
        return { code, message: `must end with '/': '${text}/'` };
      }
      return {
        code,
        message: `must be the absolute http(s) URL of the folder the feeds are served from, ending with '/'; got '${text}'`,
      };
    case "articleUrl":
      return {
        code,
        message: `must be an absolute http(s) URL template containing {slug}, e.g. https://www.example.com/{yyyy}/{mm}/{slug}; got '${text}'`,
      };
    case "tagAuthority":
      return {
        code,
        message: `must be a lowercase domain name the newsroom owns, without scheme or path, e.g. harborwire.example; got '${text}'`,
      };
    case "id":
      return {
        code,
        message: `must be a URI such as tag:example.com,2026-03-14:quake or urn:uuid:…; got '${text}'`,
      };
    default:
      if (error.keyword === "pattern" && (error.params as { pattern?: string }).pattern === "\\S") {
        return { code, message: "must contain visible characters, not only spaces" };
      }
      if (error.keyword === "format")
        return { code, message: `must be a valid ${error.params.format}; got '${text}'` };
      return { code, message: `has the wrong form; got '${text}'` };
  }
}
