import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleHandler } from "../../scripts/bundle-size.js";
import { type ProbeInput, probe } from "./bundles/probe.js";
import { folderFiles, runProbe } from "./bundles/run-probe.js";

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
      files: { ...folderFiles(root), ...extra },
      now: "2026-11-20T00:00:00Z",
      html: HOSTILE_HTML,
    };
    const fromSource = probe(input);
    expect(Object.keys(fromSource.outputs).length).toBeGreaterThan(5);
    expect(runProbe(bundle, dir, input)).toEqual(fromSource);
  });

  it("exercised what the swaps replace: sanitized tables with styles, decoded entities, YAML errors", () => {
    const report = probe({
      files: { ...folderFiles(join(ROOT, "content")), ...EXTRA },
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
