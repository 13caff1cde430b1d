import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { explainSchemaErrors } from "../../../functions/core/load/schema-errors.js";
import { type SchemaShape, shapeAt } from "../../../functions/core/load/schema-shape.js";
import {
  articleShape,
  siteShape,
  validateArticle,
  validateSite,
} from "../../../functions/core/load/validators.js";
import { schemaShapes } from "../../../scripts/schema-shape.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const schema = (name: string) => JSON.parse(readFileSync(join(root, "schemas", name), "utf8"));
const SITE = schema("site.schema.json");
const ARTICLE = schema("article.schema.json");

/** Ajv compiled at test time with `verbose`, so that each error carries its schema: the oracle. */
function verboseAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
  addFormats.default(ajv);
  ajv.addSchema(SITE);
  ajv.addSchema(ARTICLE);
  return ajv;
}

function pathOf(pointer: string, data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node = data as Record<string | number, unknown>;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    const key = Array.isArray(node) ? Number(raw) : raw.replace(/~1/g, "/").replace(/~0/g, "~");
    path.push(key);
    node = node[key] as Record<string | number, unknown>;
  }
  return path;
}

/** Objects in the table that can report a required or unknown field. */
function countObjects(shape: SchemaShape | undefined): number {
  if (!shape) return 0;
  const own = shape.names || shape.required ? 1 : 0;
  return (
    own +
    Object.values(shape.properties ?? {}).reduce((n, s) => n + countObjects(s), 0) +
    countObjects(shape.each)
  );
}

// Every object the schemas describe, empty but for an unknown field: each reports all its required
// fields and the unknown one.
const PROBES = [
  {
    name: "site",
    id: SITE.$id,
    shape: siteShape,
    data: {
      zzz: 1,
      publisher: { zzz: 1, logo: { zzz: 1 } },
      defaultAuthor: { zzz: 1 },
      sections: { world: { zzz: 1 } },
    },
  },
  {
    name: "article",
    id: ARTICLE.$id,
    shape: articleShape,
    data: {
      zzz: 1,
      authors: [{ zzz: 1 }, { zzz: 1 }],
      editor: { zzz: 1 },
      source: { zzz: 1 },
      image: { zzz: 1 },
    },
  },
];

describe("schema shape table (generated from schemas/)", () => {
  for (const probe of PROBES) {
    it(`${probe.name}: agrees with the schema Ajv reports for each required and unknown field`, () => {
      const validate = verboseAjv().getSchema(probe.id)!;
      expect(validate(structuredClone(probe.data))).toBe(false);
      const errors = (validate.errors ?? []) as ErrorObject[];
      const objects = new Set<string>();
      let required = 0;
      let described = 0;
      for (const error of errors) {
        if (error.keyword !== "required" && error.keyword !== "additionalProperties") continue;
        const path = pathOf(error.instancePath, probe.data);
        objects.add(JSON.stringify(path.map((s) => (typeof s === "number" ? 0 : s))));
        const properties = (error.parentSchema as { properties?: Record<string, { description?: string }> })
          .properties;
        const shape = shapeAt(probe.shape, path);
        expect(shape, error.instancePath).toBeDefined();
        if (error.keyword === "additionalProperties") {
          expect(shape?.names, error.instancePath).toEqual(Object.keys(properties ?? {}));
        } else {
          const missing = String(error.params.missingProperty);
          const description = properties?.[missing]?.description;
          required++;
          if (description) described++;
          expect(shape?.required?.[missing], `${error.instancePath} ${missing}`).toBe(description);
        }
      }
      // The probe reaches every object in the table (so the comparison above covers all of it).
      expect(objects.size).toBe(countObjects(probe.shape));
      expect(required).toBeGreaterThan(described);
      expect(described).toBeGreaterThan(0);
    });
  }

  it("is what the generator derives from the schemas today", () => {
    const shapes = schemaShapes([SITE, ARTICLE]);
    expect(shapes.get(SITE.$id)).toEqual(siteShape);
    expect(shapes.get(ARTICLE.$id)).toEqual(articleShape);
  });

  it("follows $refs across schemas and takes a required field's description from next to its $ref", () => {
    const base = {
      $id: "https://x.example/a.json",
      type: "object",
      additionalProperties: false,
      required: ["who"],
      properties: {
        who: { $ref: "b.json#/$defs/person", description: "Who did it." },
        n: { type: "number" },
      },
    };
    const other = {
      $id: "https://x.example/b.json",
      $defs: {
        person: {
          type: "object",
          additionalProperties: false,
          required: ["name"],
          properties: { name: { type: "string", description: "Full name." }, tags: { type: "array" } },
        },
      },
    };
    expect(schemaShapes([base, other]).get(base.$id)).toEqual({
      names: ["who", "n"],
      required: { who: "Who did it." },
      properties: { who: { names: ["name", "tags"], required: { name: "Full name." } } },
    });
  });

  it("refuses schemas it cannot map to one shape per location, so messages are never silently wrong", () => {
    const with_ = (extra: object) => [{ $id: "https://x.example/a.json", type: "object", ...extra }];
    expect(() => schemaShapes(with_({ properties: { a: { anyOf: [{ type: "object" }] } } }))).toThrow(
      /properties\/a: 'anyOf' is not supported/,
    );
    expect(() => schemaShapes(with_({ properties: { a: { $ref: "#", type: "object" } } }))).toThrow(
      /'type' next to \$ref/,
    );
    expect(() => schemaShapes(with_({ properties: { a: { $ref: "#/$defs/nope" } } }))).toThrow(
      /points at nothing/,
    );
    expect(() => schemaShapes(with_({ properties: { a: { $ref: "#" } } }))).toThrow(/recursive/);
  });
});

describe("schema messages from the shape table", () => {
  const SITE_DATA = {
    title: "Harbor Wire",
    description: "News.",
    articleUrl: "https://www.harborwire.example/{yyyy}/{mm}/{slug}",
    language: "en",
    tagAuthority: "harborwire.example",
    publisher: { name: "Harbor Wire", url: "https://www.harborwire.example/" },
    sections: { world: { title: "World", zzzzzz: "x" } },
  };

  function explainSite(data: unknown) {
    expect(validateSite(data)).toBe(false);
    return explainSchemaErrors(validateSite.errors ?? [], data, siteShape);
  }
  function explainArticle(data: unknown) {
    expect(validateArticle(data)).toBe(false);
    return explainSchemaErrors(validateArticle.errors ?? [], data, articleShape);
  }

  it("a missing required field names its description, or only its name when it has none", () => {
    const problems = explainSite({ ...structuredClone(SITE_DATA), description: undefined });
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        "missing required field 'baseUrl' (absolute URL of the CDN folder where the feeds are served, ending with a slash)",
        "missing required field 'description'",
      ]),
    );
    const article = explainArticle({ published: "2026-03-14T06:45:00-05:00" });
    expect(article).toEqual([
      {
        path: ["title"],
        at: { path: [], anchor: "key" },
        code: "schema.required",
        message: "missing required field 'title' (the headline)",
      },
    ]);
  });

  it("an unknown field suggests the closest allowed name, else lists the allowed names of that object", () => {
    const problems = explainSite(structuredClone(SITE_DATA));
    expect(problems).toContainEqual({
      path: ["sections", "world", "zzzzzz"],
      at: { path: ["sections", "world", "zzzzzz"], anchor: "key" },
      code: "schema.unknown-field",
      message: "unknown field 'zzzzzz'; allowed here: title, description",
    });
    const article = explainArticle({
      title: "t",
      published: "2026-03-14T06:45:00-05:00",
      authors: [{ name: "A" }, { name: "B", ulr: "https://b.example/" }],
    });
    expect(article.map((p) => [p.path, p.message])).toEqual([
      [["authors", 1, "ulr"], "unknown field 'ulr' — did you mean 'url'?"],
    ]);
  });

  it("messages quote the offending value, read from the data at the error's path", () => {
    const problems = explainArticle({
      title: 5,
      published: "2026-03-14",
      tags: Array.from({ length: 51 }, (_, i) => `t${i}`),
      image: { url: "https://x.example/i.png", alt: "a", type: "image/jpg" },
    });
    expect(problems.map((p) => p.message)).toEqual([
      'must be text, not the number 5 — put it in quotes, e.g. "5"',
      "must be a date and time with a UTC offset, e.g. 2026-11-27T09:30:00+09:00, not just a date ('2026-03-14')",
      "lists 51 items; at most 50",
      "must be one of image/jpeg, image/png, image/gif, image/webp, image/avif, image/svg+xml; got 'image/jpg' — did you mean 'image/jpeg'?",
    ]);
  });
});
