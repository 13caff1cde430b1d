/**
 * The Lambda bundles swap dependencies (BUNDLING.alias: a postcss stub, htmlparser2's Parser alone,
 * one decode-only copy of entities) and require sanitize-html lazily. This runs the core bundled
 * exactly that way (test/unit/bundles/probe.ts) and from source on the same content, raw HTML
 * included, and requires identical diagnostics, identical output bytes and identical sanitized
 * HTML: the swaps change the size, not the behaviour. The `style` attributes also prove that
 * sanitize-html never calls postcss with our options: the stub throws, sanitize-html would catch
 * that and drop the attribute, and the bundled output would differ from the source's.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleHandler } from "../../scripts/bundle-size.js";
import { type ProbeInput, type ProbeReport, probe } from "./bundles/probe.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "feedpub-probe-"));
  bundle = join(dir, "probe", "index.mjs");
  await bundleHandler("test/unit/bundles/probe.ts", bundle);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runBundled(input: ProbeInput): ProbeReport {
  const file = join(dir, "input.json");
  writeFileSync(file, JSON.stringify(input));
  const out = execFileSync(process.execPath, [bundle], {
    cwd: dir, // no node_modules above: everything must be in the bundle
    env: { PATH: process.env.PATH ?? "", FEEDPUB_PROBE_INPUT: file },
    encoding: "utf8",
  });
  return JSON.parse(out) as ProbeReport;
}

function folder(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(root);
  return files;
}

const RAW_HTML_ARTICLE = `---
title: "Raw HTML: tables, entities &amp; styles"
published: 2026-05-01T08:00:00Z
section: world
tags: [fares, "tables"]
summary: &s An article that exercises the sanitizer and the full YAML parser.
dateline: *s
---
Fares went up &amp; down &mdash; &nbsp;see the &#x27;table&#39; &notanentity; &copy;, the
[fare list](https://news.example/fares?a=1&amp;b=&eacute; "Caf&eacute; &amp; co") and ![a
map](https://img.example/map.png?x=1&amp;y=2 "M&aacute;p").

<table>
<tr><th style="text-align: center">Route</th><th style="color: red; text-align:right">Fare</th></tr>
<tr><td style="text-align:left;background:url(javascript:alert(1))">Osaka</td><td style="text-align:center !important">¥9,800</td></tr>
<tr><td style="text-align:/**/center">Kobe</td><td style='text-align:"right"'>¥7,200</td></tr>
</table>

<p style="color:red" onclick="alert(1)">Styled <b>paragraph</b> <a href="/fares">fares</a></p>
<script>alert(1)</script><iframe src="https://evil.example/"></iframe>

| Left | Center | Right |
|:--|:-:|--:|
| a | b | c |
`;

const BROKEN_ARTICLE = `---
title: [unclosed
published: soon
---
Body.
`;

const HOSTILE_ARTICLE = `---
title: Hostile
published: 2026-05-02T08:00:00Z
tags: {first: a}
---
<a href="javascript:alert(1)">bad</a><img src="data:image/png;base64,xx" onerror="alert(1)">
`;

const HOSTILE_HTML = [
  '<table><tr><td style="text-align:center">x</td></tr></table>',
  '<table><tr><td style="TEXT-ALIGN: CENTER; text-align : right ;">x</td></tr></table>',
  '<table><tr><th style="text-align:center}td{color:red">x</th></tr></table>',
  '<table><tr><th style="text-align:\\63 enter">x</th><td style="@import \'x\';text-align:left">y</td></tr></table>',
  '<table><tr><td style="text-align:center;behavior:url(x.htc);-moz-binding:url(x)">x</td></tr></table>',
  '<table><tr><td style="&#116;ext-align:center">x</td><td style="text-align:&#99;enter">y</td></tr></table>',
  '<div style="text-align:center"><span style="x">a</span></div>',
  "<p>&lt;b&gt; &amp;amp; &#x1F600; &NotAnEntity; &nbsp;&AElig;&aelig</p>",
];

const EXTRA = {
  "articles/2026/raw-html.md": RAW_HTML_ARTICLE,
  "articles/2026/broken.md": BROKEN_ARTICLE,
  "articles/2026/hostile.md": HOSTILE_ARTICLE,
};

describe("the core, bundled as the Lambda functions bundle it", () => {
  it.each([
    ["the sample content, raw HTML and broken articles", join(ROOT, "content"), EXTRA],
    ["the test fixtures", join(ROOT, "test", "fixtures", "content"), {}],
  ])("gives the same diagnostics, bytes and sanitized HTML as the source: %s", (_name, root, extra) => {
    const input: ProbeInput = {
      files: { ...folder(root), ...extra },
      now: "2026-11-20T00:00:00Z",
      html: HOSTILE_HTML,
    };
    const fromSource = probe(input);
    expect(Object.keys(fromSource.outputs).length).toBeGreaterThan(5);
    expect(runBundled(input)).toEqual(fromSource);
  });

  it("exercised what the swaps replace: sanitized tables with styles, decoded entities, YAML errors", () => {
    const report = probe({
      files: { ...folder(join(ROOT, "content")), ...EXTRA },
      now: "2026-11-20T00:00:00Z",
      html: HOSTILE_HTML,
    });
    expect(report.sanitized[0]).toBe('<table><tr><td style="text-align:center">x</td></tr></table>');
    expect(report.sanitized[1]).toBe('<table><tr><td style="text-align:right">x</td></tr></table>');
    expect(report.sanitized.join("")).not.toMatch(/color|url\(|@import|behavior|binding|\\63/);
    expect(report.sanitized[7]).toContain("&amp;amp; 😀");
    expect(report.diagnostics.some((d) => d.startsWith("error articles/2026/broken.md:"))).toBe(true);
    expect(report.outputs["articles/raw-html.jsonld"]).toBeDefined();
    expect(report.diagnostics.some((d) => d.includes("hostile.md") && d.includes("body.unsafe-url"))).toBe(
      true,
    );
  });
});
