/**
 * Turns Ajv's errors into editor language, one problem per field: which field, where to point
 * (the key, its value, or the parent mapping), and a message that says what to write instead.
 */
import type { ErrorObject } from "ajv";
import type { PathSegment } from "./source.js";
import { closest, slugify } from "./suggest.js";

export interface SchemaProblem {
  /** Path of the field the problem is about (for required/unknown fields: that field). */
  path: PathSegment[];
  /** Where to point: the path's key or value, or (for a missing field) the parent's key. */
  at: { path: PathSegment[]; anchor: "key" | "value" };
  code: string;
  message: string;
}

const EXAMPLE_DATE = "2026-11-27T09:30:00+09:00";

/** Dotted field path for messages: `authors[1].url`. */
export function fieldName(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

function parsePointer(pointer: string, data: unknown): PathSegment[] {
  if (pointer === "") return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const key: PathSegment = Array.isArray(node) ? Number(segment) : segment;
    path.push(key);
    node = node && typeof node === "object" ? (node as Record<PathSegment, unknown>)[key] : undefined;
  }
  return path;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping of fields";
  if (typeof value === "string") return `the text ${quote(value)}`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

function quote(value: unknown): string {
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

function typeMessage(expected: string, value: unknown): string {
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

function patternMessage(
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

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function length(value: unknown): number {
  return [...String(value)].length;
}

/** Lower number = more specific; only the most specific value-level problem per field is kept. */
const PRIORITY: Record<string, number> = {
  type: 0,
  enum: 1,
  minLength: 2,
  maxLength: 2,
  minimum: 2,
  maximum: 2,
  minItems: 2,
  maxItems: 2,
  format: 3,
  pattern: 3,
  uniqueItems: 4,
};

/** One problem per field and keyword family, in the order of the source. */
export function explainSchemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const valueLevel = new Map<string, { priority: number; index: number }>();

  for (const error of errors) {
    // propertyNames reports each bad name twice (inner keyword, then propertyNames): keep the latter.
    if ((error as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue;
    const path = parsePointer(error.instancePath, data);
    const field = fieldName(path);
    const value = error.data;
    const params = error.params as Record<string, unknown>;

    switch (error.keyword) {
      case "required": {
        const missing = String(params.missingProperty);
        const properties = (error.parentSchema as { properties?: Record<string, { description?: string }> })
          ?.properties;
        const description = properties?.[missing]?.description;
        problems.push({
          path: [...path, missing],
          at: { path, anchor: "key" },
          code: "schema.required",
          message: `missing required field '${missing}'${description ? ` (${lowerFirst(description.replace(/\.$/, ""))})` : ""}`,
        });
        continue;
      }
      case "additionalProperties": {
        const unknown = String(params.additionalProperty);
        const allowed = Object.keys(
          (error.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {},
        );
        const guess = closest(unknown, allowed);
        problems.push({
          path: [...path, unknown],
          at: { path: [...path, unknown], anchor: "key" },
          code: "schema.unknown-field",
          message: guess
            ? `unknown field '${unknown}' — did you mean '${guess}'?`
            : `unknown field '${unknown}'; allowed here: ${allowed.join(", ")}`,
        });
        continue;
      }
      case "propertyNames": {
        const name = String(params.propertyName);
        const suggestion = slugify(name);
        problems.push({
          path: [...path, name],
          at: { path: [...path, name], anchor: "key" },
          code: "schema.property-name",
          message: `'${name}' must be lowercase letters, digits and single hyphens${suggestion ? `, e.g. '${suggestion}'` : ""}`,
        });
        continue;
      }
    }

    let explained: { code: string; message: string };
    let at: SchemaProblem["at"] = { path, anchor: "key" };
    switch (error.keyword) {
      case "type":
        explained = { code: "schema.type", message: typeMessage(String(params.type), value) };
        break;
      case "enum": {
        const allowed = (params.allowedValues as unknown[]).map(String);
        const guess = closest(String(value), allowed);
        explained = {
          code: "schema.enum",
          message: `must be one of ${allowed.join(", ")}; got ${quote(value)}${guess ? ` — did you mean '${guess}'?` : ""}`,
        };
        break;
      }
      case "minLength":
        explained = {
          code: "schema.min-length",
          message: params.limit === 1 ? "must not be empty" : `must be at least ${params.limit} characters`,
        };
        break;
      case "maxLength":
        explained = {
          code: "schema.max-length",
          message: `is too long: ${length(value)} characters, at most ${params.limit}`,
        };
        break;
      case "minimum":
      case "maximum":
        explained = {
          code: `schema.${error.keyword}`,
          message: `must be ${error.keyword === "minimum" ? "at least" : "at most"} ${params.limit}; got ${String(value)}`,
        };
        break;
      case "minItems":
        explained = {
          code: "schema.min-items",
          message: `must list at least ${params.limit} item${params.limit === 1 ? "" : "s"}, or be removed`,
        };
        break;
      case "maxItems":
        explained = {
          code: "schema.max-items",
          message: `lists ${(value as unknown[]).length} items; at most ${params.limit}`,
        };
        break;
      case "uniqueItems": {
        const list = value as unknown[];
        const later = Math.max(Number(params.i), Number(params.j));
        at = { path: [...path, later], anchor: "key" };
        explained = {
          code: "schema.duplicate-item",
          message: `lists ${quote(list[later])} twice (items ${Math.min(Number(params.i), Number(params.j)) + 1} and ${later + 1})`,
        };
        break;
      }
      case "pattern":
      case "format":
        explained = patternMessage(error, path, value);
        break;
      default:
        explained = { code: `schema.${error.keyword}`, message: error.message ?? "is not valid" };
    }

    const priority = PRIORITY[error.keyword] ?? 5;
    const seen = valueLevel.get(field);
    const problem: SchemaProblem = { path, at, ...explained };
    if (seen === undefined) {
      valueLevel.set(field, { priority, index: problems.length });
      problems.push(problem);
    } else if (priority < seen.priority) {
      problems[seen.index] = problem;
      seen.priority = priority;
    }
  }
  return problems;
}
