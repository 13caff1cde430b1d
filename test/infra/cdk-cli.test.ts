/**
 * `cdk synth` through the real CLI and cdk.json, offline, with no AWS credentials: bundles every
 * function with esbuild, runs cdk-nag, writes the cloud assembly. What CI runs before a deploy.
 * The bundles it deploys are byte for byte what scripts/bundle-size.ts measures (and
 * test/integration/handlers/bundle.test.ts runs), with the AWS SDK left to the Lambda runtime.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { HANDLER_ENTRIES } from "../../infra/constructs/feedpub-function.js";
import { bundleHandler } from "../../scripts/bundle-size.js";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "feedpub-cdk-synth-"));

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The environment minus anything that could reach AWS or name an account. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_DEFAULT_)/.test(k)) env[k] = v;
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    CDK_DISABLE_VERSION_CHECK: "1",
    CDK_DISABLE_CLI_TELEMETRY: "1",
  };
}

describe("cdk synth (CLI)", () => {
  it("synthesises offline with no credentials, bundling each function as an ESM index.mjs with a source map", async () => {
    const { stderr } = await run("npx", ["cdk", "synth", "--quiet", "--output", out], {
      cwd: ROOT,
      env: offlineEnv(),
      timeout: 240_000,
    });
    expect(stderr).not.toMatch(/\bERROR\b|Validation failed/);
    const template = JSON.parse(readFileSync(join(out, "Feedpub.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const functions = Object.values(template.Resources).filter(
      (r) =>
        r.Type === "AWS::Lambda::Function" && String(r.Properties.Description ?? "").startsWith("feedpub:"),
    );
    expect(functions).toHaveLength(3);
    // What bundle-size.ts builds from BUNDLING, one per handler.
    const measured = new Map<string, string>();
    for (const [name, entry] of Object.entries(HANDLER_ENTRIES)) {
      const file = join(out, "measured", name, "index.mjs");
      await bundleHandler(entry, file);
      measured.set(readFileSync(file, "utf8"), name);
    }
    const deployed: string[] = [];
    for (const fn of functions) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, "");
      const asset = join(out, `asset.${key}`);
      expect(readdirSync(asset).sort()).toEqual(["index.mjs", "index.mjs.map"]);
      const code = readFileSync(join(asset, "index.mjs"), "utf8");
      expect(code.startsWith("import{createRequire as __feedpubCreateRequire}from'node:module'")).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(code.length / code.split("\n").length).toBeGreaterThan(1000); // minified: few, very long lines
      // The AWS SDK comes from the nodejs24.x runtime: required by name, not bundled.
      expect(code.includes('"@aws-sdk/client-s3"')).toBe(true);
      expect(code.includes("S3ServiceException")).toBe(false);
      deployed.push(measured.get(code) ?? "not the measured bundle");
    }
    expect(deployed.sort()).toEqual(Object.keys(HANDLER_ENTRIES).sort());
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
  }, 240_000);
});
