/**
 * Turns Ajv's errors into editor language, one problem per field: which field, where to point
 * (the key, its value, or the parent mapping), and a message that says what to write instead.
 */
import type { ErrorObject } from "ajv";
import { patternMessage, quote, typeMessage } from "./schema-messages.js";
import { type SchemaShape, shapeAt } from "./schema-shape.js";
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

export function fieldName(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** The path an instance pointer names, and the value there (Ajv's errors do not carry it). */
function parsePointer(pointer: string, data: unknown): { path: PathSegment[]; value: unknown } {
  const path: PathSegment[] = [];
  let node = data;
  if (pointer === "") return { path, value: node };
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const key: PathSegment = Array.isArray(node) ? Number(segment) : segment;
    path.push(key);
    node = node && typeof node === "object" ? (node as Record<PathSegment, unknown>)[key] : undefined;
  }
  return { path, value: node };
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

/**
 * One problem per field and keyword family, in the order of the source. `data` is what was
 * validated, `shape` the generated shape of its schema (allowed names, required fields'
 * descriptions).
 */
export function explainSchemaErrors(
  errors: readonly ErrorObject[],
  data: unknown,
  shape: SchemaShape,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const valueLevel = new Map<string, { priority: number; index: number }>();

  for (const error of errors) {
    // propertyNames reports each bad name twice (inner keyword, then propertyNames): keep the latter.
    if ((error as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue;
    const { path, value } = parsePointer(error.instancePath, data);
    const field = fieldName(path);
    const params = error.params as Record<string, unknown>;

    switch (error.keyword) {
      case "required": {
        const missing = String(params.missingProperty);
        const description = shapeAt(shape, path)?.required?.[missing];
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
        const allowed = shapeAt(shape, path)?.names ?? [];
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
        // The validators carry no English messages (Ajv's `messages: false`); every keyword the
        // schemas use is explained above.
        explained = { code: `schema.${error.keyword}`, message: `is not valid (${error.keyword})` };
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
