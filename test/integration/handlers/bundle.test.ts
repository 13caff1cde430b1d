/**
 * The deployed artifact, not the source: each handler bundled exactly as the stack bundles it
 * (ESM, minified, the AWS SDK left to the runtime), imported by a plain Node process with the
 * Lambda-style environment, and invoked against s3rver on loopback. The bundles sit in a temporary
 * folder with no node_modules; the SDK is found through NODE_PATH, as Lambda's runtime provides
 * its own copy. Catches what source-level tests cannot: ESM/CommonJS interop in the bundle,
 * module-scope environment handling, missing files, the shims of BUNDLING.alias, and what the
 * function writes: its console calls go through the runtime's JSON console (emulated,
 * lambda-console.ts), so every line on stdout must be either a runtime log line whose `message`
 * keeps our fields, or an EMF document with `_aws` at its root — one that went through console
 * would sit under `message`, where CloudWatch extracts no metric.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HANDLER_ENTRIES } from "../../../infra/constructs/feedpub-function.js";
import { BUDGET, bundleHandler } from "../../../scripts/bundle-size.js";
import { type RunningS3rver, S3RVER_CREDENTIALS, startS3rver } from "../../helpers/s3rver.js";
import { emfViolations } from "./emf-spec.js";
import { s3Event, s3Record, scheduledEvent } from "./events.js";

const run = promisify(execFile);
const NODE_MODULES = fileURLToPath(new URL("../../../node_modules", import.meta.url));
const CONTENT = "content-bucket";
const SITE = "site-bucket";
const REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";

let s3rver: RunningS3rver;
let dir: string;

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [CONTENT, SITE] });
  dir = mkdtempSync(join(tmpdir(), "feedpub-bundles-"));
  await Promise.all([
    ...Object.entries(HANDLER_ENTRIES).map(([name, entry]) =>
      bundleHandler(entry, join(dir, name, "index.mjs")),
    ),
    build({
      entryPoints: [fileURLToPath(new URL("./lambda-console.ts", import.meta.url))],
      outfile: join(dir, "lambda-console.mjs"),
      bundle: true,
      format: "esm",
      platform: "node",
      logLevel: "error",
    }),
  ]);
});

afterAll(async () => {
  await s3rver?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** SDK clients the last invoke() loaded (Node's module cache afterwards), e.g. ["client-s3"]. */
let sdkLoaded: string[] = [];
/** The lines the last invoke() wrote to stdout, parsed: the runtime's log lines and EMF documents. */
let output: Record<string, unknown>[] = [];

/**
 * Imports a bundle in a fresh Node process (as Lambda's runtime would, its JSON console installed
 * first) and invokes its handler once.
 */
async function invoke(name: string, event: unknown, env: Record<string, string>): Promise<unknown> {
  const file = join(dir, name, "index.mjs");
  const script = `import { createRequire } from "node:module";
import { installLambdaJsonConsole } from ${JSON.stringify(join(dir, "lambda-console.mjs"))};
installLambdaJsonConsole({ requestId: ${JSON.stringify(REQUEST_ID)}, write: (line) => process.stdout.write(line + "\\n") });
const { handler } = await import(${JSON.stringify(file)});
const result = await handler(JSON.parse(process.argv[1])).catch((error) => ({ thrown: String(error?.message ?? error) }));
const sdk = [...new Set(Object.keys(createRequire(import.meta.url).cache).map((k) => /@aws-sdk\\/(client-[a-z0-9-]+)\\//.exec(k)?.[1]).filter(Boolean))].sort();
process.stdout.write("\\n@@RESULT@@" + JSON.stringify({ result, sdk }));`;
  const { stdout } = await run(
    process.execPath,
    ["--no-warnings", "--input-type=module", "-e", script, JSON.stringify(event)],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        // Where Lambda's runtime keeps its AWS SDK (/var/runtime/node_modules) is on NODE_PATH.
        NODE_PATH: NODE_MODULES,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_S3: s3rver.endpoint,
        // Never let a test reach a real AWS endpoint.
        AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:9",
        AWS_ENDPOINT_URL_CLOUDFRONT: "http://127.0.0.1:9",
        AWS_MAX_ATTEMPTS: "1",
        FEEDPUB_SERVICE_NAME: `feedpub-${name}`,
        ...env,
      },
    },
  );
  const marker = stdout.lastIndexOf("@@RESULT@@");
  expect(marker).toBeGreaterThanOrEqual(0);
  const { result, sdk } = JSON.parse(stdout.slice(marker + "@@RESULT@@".length)) as {
    result: unknown;
    sdk: string[];
  };
  sdkLoaded = sdk;
  const lines = stdout
    .slice(0, marker)
    .split("\n")
    .filter((line) => line !== "");
  output = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return { notJson: line };
    }
  });
  for (const line of output) {
    if ("_aws" in line) expect(emfViolations(line)).toEqual([]);
    else expect(line).toEqual(expect.objectContaining({ requestId: REQUEST_ID, level: expect.any(String) }));
  }
  return result;
}

const SITE_YAML =
  "title: Bundle News\ndescription: D\nbaseUrl: https://feeds.example.com/\narticleUrl: https://news.example.com/{slug}\nlanguage: en\ntagAuthority: example.com\npublisher:\n  name: Example\n  url: https://news.example.com/\n";

describe("bundled handlers", () => {
  it("each fit issue 5's budget: at most 400,000 bytes minified, source map excluded", () => {
    // Sizes, not times: the same sources and lock file give the same bytes on every machine.
    for (const name of Object.keys(HANDLER_ENTRIES)) {
      const bytes = statSync(join(dir, name, "index.mjs")).size;
      expect(bytes, name).toBeGreaterThan(100_000);
      expect(bytes, name).toBeLessThanOrEqual(BUDGET.bytes);
    }
  });

  it("leave the AWS SDK to the runtime and require it on first use, never at import", () => {
    for (const name of Object.keys(HANDLER_ENTRIES)) {
      const code = readFileSync(join(dir, name, "index.mjs"), "utf8");
      const has = (pattern: RegExp | string) =>
        typeof pattern === "string" ? code.includes(pattern) : pattern.test(code);
      // Required by name (esbuild's require shim), neither imported (hoisted: loaded with the
      // module) nor bundled.
      expect({ name, required: has(/\(\s*"@aws-sdk\/client-s3"\s*\)/) }).toEqual({ name, required: true });
      expect({ name, imported: has(/\bfrom\s*["']@aws-sdk\/|\bimport\s*\(\s*["']@aws-sdk\//) }).toEqual({
        name,
        imported: false,
      });
      expect({ name, bundled: has("S3ServiceException") }).toEqual({ name, bundled: false });
      // The shims of BUNDLING.alias are in; postcss and the DOM serializer are not.
      expect({ name, stub: has("postcss is not bundled") }).toEqual({ name, stub: true });
      expect({ name, postcss: has("CssSyntaxError"), domSerializer: has("definitionURL") }).toEqual({
        name,
        postcss: false,
        domSerializer: false,
      });
    }
  });

  it("schedule: the bundle publishes the content bucket to the site bucket", async () => {
    const s3 = s3rver.client;
    await s3.send(new PutObjectCommand({ Bucket: CONTENT, Key: "site.yaml", Body: SITE_YAML }));
    await s3.send(
      new PutObjectCommand({
        Bucket: CONTENT,
        Key: "articles/hello.md",
        Body: "---\ntitle: Hello from the bundle\npublished: 2026-11-20T08:00:00Z\n---\nIt runs.\n",
      }),
    );
    const outcome = (await invoke("schedule", scheduledEvent(new Date()), {
      FEEDPUB_CONTENT_BUCKET: CONTENT,
      FEEDPUB_SITE_BUCKET: SITE,
      FEEDPUB_DISTRIBUTION_ID: "E2EXAMPLE123",
    })) as { status: string; report: { puts: string[]; invalidationPaths: string[] } };
    expect(outcome.status).toBe("published");
    // A first publish has nothing to invalidate: the CloudFront client was never loaded.
    expect(outcome.report.invalidationPaths).toEqual([]);
    expect(sdkLoaded).toEqual(["client-s3"]);
    expect(outcome.report.puts).toContain("feed.xml");
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: SITE }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toContain("articles/hello.jsonld");
    const feed = await s3.send(new GetObjectCommand({ Bucket: SITE, Key: "feed.xml" }));
    expect(await feed.Body?.transformToString()).toContain("Hello from the bundle");
    // The summary line, its fields queryable, and the metrics of the publish.
    expect(output.find((line) => (line.message as { msg?: string }).msg === "published")).toMatchObject({
      level: "INFO",
      message: { puts: outcome.report.puts.length, articles: 1 },
    });
    expect(output.filter((line) => "_aws" in line)).toEqual([
      expect.objectContaining({
        service: "feedpub-schedule",
        ObjectsWritten: outcome.report.puts.length,
        ObjectsDeleted: 0,
        PathsInvalidated: 0,
      }),
    ]);
  });

  it("validate: the bundle quarantines an invalid article (no queue call needed)", async () => {
    const s3 = s3rver.client;
    await s3.send(
      new PutObjectCommand({
        Bucket: CONTENT,
        Key: "articles/bad.md",
        Body: "---\ntitle: Bad\npublished: soon\n---\nx\n",
      }),
    );
    const summary = (await invoke("validate", s3Event(s3Record(CONTENT, "articles/bad.md")), {
      FEEDPUB_CONTENT_BUCKET: CONTENT,
      FEEDPUB_PUBLISH_QUEUE_URL: "http://127.0.0.1:9/123456789012/queue",
    })) as { files: { status: string }[]; forwarded: number };
    expect(summary.files).toEqual([
      expect.objectContaining({ key: "articles/bad.md", status: "invalid", quarantined: true }),
    ]);
    expect(summary.forwarded).toBe(0);
    // Nothing to forward: the SQS client was never loaded.
    expect(sdkLoaded).toEqual(["client-s3"]);
    // The diagnostic as CloudWatch Logs receives it, and the metric the InvalidContent alarm reads.
    expect(output).toContainEqual({
      timestamp: expect.any(String),
      level: "ERROR",
      requestId: REQUEST_ID,
      message: {
        msg: expect.stringMatching(/^articles\/bad\.md:3:\d+ {2}published {2}/),
        file: "articles/bad.md",
        line: 3,
        column: expect.any(Number),
        field: "published",
        code: expect.stringMatching(/^schema\./),
        detail: expect.any(String),
      },
    });
    expect(output.filter((line) => "_aws" in line)).toEqual([
      expect.objectContaining({ service: "feedpub-validate", InvalidContent: 1 }),
    ]);
  });

  it("publish: the bundle answers an SQS batch with a partial batch response", async () => {
    const body = JSON.stringify(s3Event(s3Record(CONTENT, "articles/hello.md")));
    const response = (await invoke(
      "publish",
      {
        Records: [{ messageId: "m-1", body, eventSource: "aws:sqs", attributes: {}, messageAttributes: {} }],
      },
      { FEEDPUB_CONTENT_BUCKET: CONTENT, FEEDPUB_SITE_BUCKET: SITE, FEEDPUB_DISTRIBUTION_ID: "E2EXAMPLE123" },
    )) as { batchItemFailures: unknown[]; outcome: { status: string; report: { puts: string[] } } };
    expect(response.batchItemFailures).toEqual([]);
    // bad.md is quarantined: its errors block the publish (acknowledged, not retried).
    expect(response.outcome.status).toBe("blocked");
  });

  it("schedule: a publish that changes a live file loads CloudFront and asks it to invalidate", async () => {
    const s3 = s3rver.client;
    for (const Key of ["articles/bad.md", "quarantine/articles/bad.md"]) {
      await s3.send(new DeleteObjectCommand({ Bucket: CONTENT, Key }));
    }
    await s3.send(
      new PutObjectCommand({
        Bucket: CONTENT,
        Key: "articles/hello.md",
        Body: "---\ntitle: Hello again from the bundle\npublished: 2026-11-20T08:00:00Z\n---\nIt still runs.\n",
      }),
    );
    const outcome = (await invoke("schedule", scheduledEvent(new Date()), {
      FEEDPUB_CONTENT_BUCKET: CONTENT,
      FEEDPUB_SITE_BUCKET: SITE,
      FEEDPUB_DISTRIBUTION_ID: "E2EXAMPLE123",
    })) as { thrown?: string };
    // The site is written, then CloudFront (nothing listens on its endpoint here) is asked.
    expect(outcome.thrown).toMatch(/ECONNREFUSED|connect/i);
    expect(sdkLoaded).toEqual(["client-cloudfront", "client-s3"]);
    const feed = await s3.send(new GetObjectCommand({ Bucket: SITE, Key: "feed.xml" }));
    expect(await feed.Body?.transformToString()).toContain("Hello again from the bundle");
  });
});
