/**
 * sanitize-html (with htmlparser2 and postcss) is loaded by the first body with raw HTML, not at
 * start-up: `feedpub build` and `validate` on content without raw HTML never load it, nor the AWS
 * SDK. Checked in fresh Node processes (running the TypeScript sources through tsx), by looking at
 * which packages Node's module cache holds afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "feedpub-lazy-"));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `body` (an ES module's code) with tsx; `loaded()` lists the watched packages in the module cache. */
function run(body: string): unknown {
  const script = `import { createRequire } from "node:module";
const WATCHED = /node_modules\\/(sanitize-html|postcss|htmlparser2|yaml|@aws-sdk\\/client-[a-z0-9-]+)\\//;
const loaded = () => [...new Set(Object.keys(createRequire(import.meta.url).cache).map((k) => WATCHED.exec(k)?.[1]).filter(Boolean))].sort();
${body}`;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, FEEDPUB_CACHE_DIR: join(tmp, "cache"), NO_COLOR: "1" },
    encoding: "utf8",
  });
  return JSON.parse(out.slice(out.lastIndexOf("@@") + 2));
}

describe("sanitize-html is loaded on first use", () => {
  it("not by Markdown without raw HTML (tables included), then by the first raw HTML", () => {
    const markdown = JSON.stringify(`${ROOT}functions/core/markdown.ts`);
    expect(
      run(`const { renderBody } = await import(${markdown});
renderBody("Plain *text* and a [link](https://x.example/).\\n\\n| a | b |\\n|:-|-:|\\n| 1 | 2 |\\n", "https://x.example/a");
const before = loaded();
const { html } = renderBody("<b onclick=\\"x\\">raw</b>", "https://x.example/a");
process.stdout.write("@@" + JSON.stringify({ before, after: loaded(), html }));`),
    ).toEqual({
      before: [],
      after: ["htmlparser2", "postcss", "sanitize-html"],
      html: "<p><b>raw</b></p>\n",
    });
  });

  it("feedpub build and validate on the sample content load neither it, the yaml package nor the AWS SDK", () => {
    const main = JSON.stringify(`${ROOT}functions/cli/main.ts`);
    const content = JSON.stringify(join(ROOT, "content"));
    const out = JSON.stringify(join(tmp, "dist"));
    expect(
      run(`const { main } = await import(${main});
const io = { stdout() {}, stderr() {}, isTty: false, cwd: process.cwd(), now: () => new Date("2026-11-20T00:00:00Z"), env: {} };
const validate = await main(["validate", "--content", ${content}], io);
const build = await main(["build", "--content", ${content}, "--out", ${out}, "--no-cache"], io);
process.stdout.write("@@" + JSON.stringify({ validate, build, loaded: loaded() }));`),
    ).toEqual({ validate: 0, build: 0, loaded: [] });
  });
});
