/**
 * Import boundaries: the publishing engine stays pure (no fs, http, AWS SDK, environment or clock),
 * and `functions/storage/index.js` never pulls in the AWS SDK (only `storage/s3.js` does).
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g;

/** Every module reachable from `entry` through relative imports, with its bare imports. */
function graph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const source = readFileSync(file, "utf8");
    const bare: string[] = [];
    seen.set(file, bare);
    for (const m of source.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else bare.push(spec);
    }
  };
  visit(join(ROOT, entry));
  return seen;
}

describe("import boundaries", () => {
  it("the publishing engine imports nothing impure", () => {
    const modules = graph("functions/core/publish/index.ts");
    expect(modules.size).toBeGreaterThan(5);
    for (const [file, bare] of modules) {
      for (const spec of bare) {
        expect(spec, file).toMatch(/^node:crypto$/);
      }
      const code = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/process\.env|Date\.now\(|new Date\(/);
    }
  });

  it("functions/storage/index.js does not load the AWS SDK; storage/s3.js does", () => {
    const plain = [...graph("functions/storage/index.ts").values()].flat();
    expect(plain.some((s) => s.startsWith("@aws-sdk/"))).toBe(false);
    const s3 = [...graph("functions/storage/s3.ts").values()].flat();
    expect(s3).toContain("@aws-sdk/client-s3");
  });
});
