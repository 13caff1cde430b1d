import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { YAML_EXPORTS_USED } from "../../../functions/core/load/source.js";
import { BUNDLING } from "../../../infra/constructs/feedpub-function.js";
import { bundleHandler } from "../../../scripts/bundle-size.js";
import { type ProbeInput, probe } from "../bundles/probe.js";
import { folderFiles, runProbe } from "../bundles/run-probe.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
let dir: string;
let bundle: string;
let metafile: Metafile;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "feedpub-stubs-"));
  bundle = join(dir, "probe", "index.mjs");
  metafile = await bundleHandler("test/unit/bundles/probe.ts", bundle);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Inputs in the bundle, by package (or our own path). */
function bundledInputs(): string[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  return Object.keys(output?.inputs ?? {});
}

const LINKIFY_BAIT = `---
title: Links everywhere
published: 2026-05-03T08:00:00Z
section: world
tags: [links]
summary: Text that linkify would turn into links.
---
Visit www.example.com, news.example/fares or https://news.example/a?b=1&c=2 today.
Write to desk@news.example or mailto:desk@news.example; call skype:someone or ftp://files.example/x.
Fuzzy: example.com/path, xn--80ak6aa92e.com, 192.168.0.1:8080/x and //protocol.relative/y.
Autolinks stay autolinks: <https://news.example/auto> and <desk@news.example>.
A [real link](https://news.example/real) next to http://bare.example/after.

- list item with www.inside-a-list.example
> quote with https://quoted.example/

\`code with https://code.example/\` and text with https://trailing.example/.
`;

const FULL_YAML = `---
title: &t "Anchors, aliases: and merge keys"
published: 2026-05-04T08:00:00Z
section: world
tags: !!seq [yaml, "anchors"]
summary: *t
extra: &base {a: 1, b: [x, y]}
merged:
  <<: *base
  c: !!str 3
? [complex, key]
: value
binary: !!binary aGVsbG8=
set: !!set {a, b}
when: 2001-12-14t21:59:43.10-05:00
---
Body.
`;

const YAML_ERRORS = [
  `---\ntitle: "unclosed\npublished: 2026-05-05T08:00:00Z\n---\nBody.\n`,
  `---\ntitle: a: b\npublished: 2026-05-05T08:00:00Z\n---\nBody.\n`,
  `---\ntitle: x\ntitle: y\npublished: 2026-05-05T08:00:00Z\n---\nBody.\n`,
  `---\ntitle: *missing\n\tpublished: 2026-05-05T08:00:00Z\n---\nBody.\n`,
  `---\n{title: [a, {b: c}, published: 2026\n---\nBody.\n`,
  `---\n!!map\n? ? a\n: b\n---\nBody.\n`,
];

describe("the linkify-it stub in the Lambda bundles", () => {
  it("is what the bundles hold: no linkify-it code, the stub instead", () => {
    expect(BUNDLING.alias["linkify-it"]).toBe("./infra/constructs/bundle-shims/linkify-it.js");
    const inputs = bundledInputs();
    expect(inputs.some((f) => f.includes("/linkify-it/"))).toBe(false);
    expect(inputs).toContain("infra/constructs/bundle-shims/linkify-it.js");
  });

  it("throws from every method linkify-it has, so any use would show", async () => {
    const { default: Real } = (await import("linkify-it")) as { default: new () => object };
    const { default: Stub } = (await import(
      pathToFileURL(join(ROOT, "infra/constructs/bundle-shims/linkify-it.js")).href
    )) as { default: new () => Record<string, (...args: unknown[]) => unknown> };
    const methods = Object.getOwnPropertyNames(Real.prototype).filter((n) => n !== "constructor");
    expect(methods.length).toBeGreaterThan(5);
    const stub = new Stub();
    for (const name of methods) {
      expect(typeof stub[name], name).toBe("function");
      expect(() => stub[name]?.("https://news.example/"), name).toThrow(/linkify-it is not bundled/);
    }
  });

  it("is tested on bait: with linkify on, markdown-it would turn that text into links", async () => {
    const { default: MarkdownIt } = await import("markdown-it");
    const body = LINKIFY_BAIT.slice(LINKIFY_BAIT.indexOf("---\n", 4) + 4);
    const on = new MarkdownIt("default", { html: true, linkify: true }).render(body);
    const off = new MarkdownIt("default", { html: true, linkify: false }).render(body);
    expect(on).toContain('<a href="http://www.example.com">');
    expect(on).toContain('<a href="http://bare.example/after">');
    expect(off).not.toContain('href="http://www.example.com"');
    const links = (html: string) => html.split("<a ").length - 1;
    expect(links(on)).toBeGreaterThanOrEqual(links(off) + 8);
  });

  it("renders bodies full of URLs and addresses byte for byte as the source does", () => {
    const input: ProbeInput = {
      files: { ...folderFiles(join(ROOT, "content")), "articles/2026/links.md": LINKIFY_BAIT },
      now: "2026-11-20T00:00:00Z",
      html: ['<p>www.example.com and https://news.example/x <a href="https://news.example/">a</a></p>'],
    };
    const fromSource = probe(input);
    expect(fromSource.outputs["articles/links.jsonld"]).toBeDefined();
    expect(fromSource.diagnostics.filter((d) => d.includes("links.md") && d.startsWith("error"))).toEqual([]);
    expect(runProbe(bundle, dir, input)).toEqual(fromSource);
  });
});

describe("the yaml shim in the Lambda bundles", () => {
  it("exports exactly what source.ts uses, as the same functions as yaml's ES module build", async () => {
    const shim = (await import(
      pathToFileURL(join(ROOT, "infra/constructs/bundle-shims/yaml.js")).href
    )) as Record<string, unknown>;
    const esm = (await import(
      pathToFileURL(join(ROOT, "node_modules/yaml/browser/dist/index.js")).href
    )) as Record<string, unknown>;
    expect(Object.keys(shim).sort()).toEqual([...YAML_EXPORTS_USED].sort());
    for (const name of YAML_EXPORTS_USED) {
      expect(typeof shim[name], name).toBe("function");
      expect(shim[name], name).toBe(esm[name]);
    }
    expect(BUNDLING.alias.yaml).toBe("./infra/constructs/bundle-shims/yaml.js");
  });

  it("gives the same diagnostics and output as the source on front matter only the full parser reads", () => {
    const files: Record<string, string> = {
      ...folderFiles(join(ROOT, "content")),
      "articles/2026/full-yaml.md": FULL_YAML,
    };
    YAML_ERRORS.forEach((text, i) => {
      files[`articles/2026/yaml-error-${i}.md`] = text;
    });
    const input: ProbeInput = { files, now: "2026-11-20T00:00:00Z", html: [] };
    const fromSource = probe(input);
    // Each broken file was positioned by the full parser (an error with its line and column).
    for (let i = 0; i < YAML_ERRORS.length; i++) {
      expect(
        fromSource.diagnostics.some((d) => d.startsWith(`error articles/2026/yaml-error-${i}.md:`)),
        `yaml-error-${i}`,
      ).toBe(true);
    }
    expect(fromSource.diagnostics.some((d) => d.includes("full-yaml.md"))).toBe(true);
    expect(runProbe(bundle, dir, input)).toEqual(fromSource);
  });
});
