/**
 * Derives code from the JSON Schemas, the single source of truth:
 *  - functions/core/schema-types.generated.ts: TypeScript types (json-schema-to-typescript)
 *  - functions/core/validators.generated.ts: precompiled Ajv validators (standalone code, no
 *    schema compilation at Lambda cold start)
 * Run `npm run gen` after editing schemas/. test/unit/generated.test.ts fails when they are stale.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSchemaCode } from "./schema-code.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = await generateSchemaCode(root);
for (const [path, text] of Object.entries(files)) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path} (${text.length} bytes)`);
}
