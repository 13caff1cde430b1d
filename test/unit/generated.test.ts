import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateSchemaCode } from "../../scripts/schema-code.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("generated schema code", () => {
  it("matches what `npm run gen` produces from schemas/ (run it after editing a schema)", async () => {
    const files = await generateSchemaCode(root);
    expect(Object.keys(files).sort()).toEqual([
      "functions/core/schema-shapes.generated.ts",
      "functions/core/schema-types.generated.ts",
      "functions/core/validators.generated.ts",
    ]);
    for (const [path, text] of Object.entries(files)) {
      expect(readFileSync(join(root, path), "utf8"), `${path} is stale: run npm run gen`).toBe(text);
    }
  });

  it("precompiles validators: the generated module neither imports nor calls Ajv's compiler", () => {
    const code = readFileSync(join(root, "functions/core/validators.generated.ts"), "utf8");
    expect(code).toMatch(/export const validateSite = /);
    expect(code).toMatch(/export const validateArticle = /);
    expect(code).not.toMatch(/from "ajv"|new Ajv|\.compile\(/);
  });

  it("keeps the validators small: no annotations, messages or ajv-formats' table of every format", () => {
    const code = readFileSync(join(root, "functions/core/validators.generated.ts"), "utf8");
    expect(code).toContain('from "./formats.js"');
    expect(code).not.toContain("ajv-formats");
    // Descriptions (here the article title's) are in the shape table, not in the validators.
    expect(code).not.toContain("The headline.");
    expect(code).not.toMatch(/"(title|description)":"/);
    // …while properties named title and description are still validated.
    expect(code).toContain('"properties":{"title":{');
    expect(code).not.toMatch(/message:/);
  });
});
