/**
 * Derives the schema shape table (functions/core/load/schema-shape.ts) from the JSON Schemas at
 * `npm run gen` time: per object location, the names it allows and its required properties'
 * descriptions, following `$ref`s (within a schema and to another schema by its relative URI).
 * Fails on keywords that would make one instance location follow several subschemas (allOf,
 * anyOf, …): the messages assume one schema per location, so those need this walk extended.
 */
import type { SchemaShape } from "../functions/core/load/schema-shape.js";

type Schema = Record<string, unknown> & { $id?: string; $ref?: string };

const UNSUPPORTED = [
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "dependentSchemas",
  "prefixItems",
  "contains",
  "unevaluatedItems",
  "unevaluatedProperties",
  "$dynamicRef",
];
/** Keywords that may sit next to a `$ref` without being validated as a second schema. */
const REF_SIBLINGS = new Set([
  "$ref",
  "title",
  "description",
  "examples",
  "$comment",
  "default",
  "deprecated",
]);

export function schemaShapes(schemas: readonly Schema[]): Map<string, SchemaShape> {
  const byId = new Map(schemas.map((s) => [s.$id!, s]));

  function resolve(ref: string, doc: Schema, where: string): { schema: Schema; doc: Schema } {
    const [uri = "", fragment = ""] = ref.split("#");
    const target = uri === "" ? doc : byId.get(new URL(uri, doc.$id).href);
    if (!target) throw new Error(`schema-shape: ${where}: cannot resolve $ref ${ref}`);
    let node: unknown = target;
    for (const raw of fragment.split("/").slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = (node as Record<string, unknown>)?.[key];
    }
    if (typeof node !== "object" || node === null)
      throw new Error(`schema-shape: ${where}: $ref ${ref} points at nothing`);
    return { schema: node as Schema, doc: target };
  }

  function walk(
    start: Schema,
    startDoc: Schema,
    where: string,
    seen: readonly Schema[],
  ): SchemaShape | undefined {
    let schema = start;
    let doc = startDoc;
    while (typeof schema.$ref === "string") {
      for (const key of Object.keys(schema)) {
        if (!REF_SIBLINGS.has(key))
          throw new Error(`schema-shape: ${where}: '${key}' next to $ref is not supported`);
      }
      ({ schema, doc } = resolve(schema.$ref, doc, where));
    }
    for (const key of UNSUPPORTED) {
      if (key in schema) throw new Error(`schema-shape: ${where}: '${key}' is not supported`);
    }
    if (seen.includes(schema)) throw new Error(`schema-shape: ${where}: recursive schemas are not supported`);
    const inner = [...seen, schema];

    const shape: SchemaShape = {};
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    if (schema.additionalProperties === false) shape.names = Object.keys(properties);
    const required: Record<string, string> = {};
    for (const name of (schema.required ?? []) as string[]) {
      const description = properties[name]?.description;
      if (typeof description === "string") required[name] = description;
    }
    if (Object.keys(required).length > 0) shape.required = required;
    const children: Record<string, SchemaShape> = {};
    for (const [name, child] of Object.entries(properties)) {
      const got = walk(child, doc, `${where}/properties/${name}`, inner);
      if (got) children[name] = got;
    }
    if (Object.keys(children).length > 0) shape.properties = children;
    for (const key of ["items", "additionalProperties"] as const) {
      const child = schema[key];
      if (typeof child !== "object" || child === null) continue;
      const got = walk(child as Schema, doc, `${where}/${key}`, inner);
      if (got && shape.each)
        throw new Error(`schema-shape: ${where}: both items and additionalProperties hold objects`);
      if (got) shape.each = got;
    }
    const isObject =
      schema.type === "object" ||
      "properties" in schema ||
      "required" in schema ||
      "additionalProperties" in schema;
    return isObject || Object.keys(shape).length > 0 ? shape : undefined;
  }

  return new Map(schemas.map((s) => [s.$id!, walk(s, s, s.$id!, []) ?? {}]));
}
