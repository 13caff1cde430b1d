/**
 * Micro-benchmark of the per-article pure functions (the build's hot path), each stage timed in
 * isolation over a whole corpus, plus a digest of every stage's output so that a change can be
 * shown to keep the bytes identical (same digest before and after).
 *
 *   npx tsx scripts/bench/hot-path.ts [CONTENT_DIR] [--runs N] [--only prefix,prefix] [--json FILE] [--compare]
 *
 * Default CONTENT_DIR: .bench/corpus-10000-s1 (`npm run bench -- --sizes 10000 --runs 1 --no-s3
 * --no-bundles` generates it). Prints the median, min and max ms of each stage over N runs (default 5).
 * `--compare` also runs the implementations from before the hot-path work (frozen copies in
 * test/unit/perf/reference/, TypeScript: run under tsx) interleaved with the current ones, and says
 * whether their outputs are identical. The machine is shared: read minima and medians side by side,
 * and note the load average (`uptime`).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { performance } from "node:perf_hooks";
import MarkdownIt from "markdown-it";
import { decodeUtf8 } from "../../functions/core/load/decode.js";
import { parseSimpleYaml } from "../../functions/core/load/fast-yaml.js";
import { splitFrontMatter } from "../../functions/core/load/front-matter.js";
import { defaultId, resolveImageType, resolveSlug, resolveUrl } from "../../functions/core/load/resolve.js";
import { createBodyCheckCache, loadContent } from "../../functions/core/load.js";
import { countWords, renderBody } from "../../functions/core/markdown.js";
import type { Article, ArticleFrontMatter, SourceFile } from "../../functions/core/model.js";
import { stringifySafeJson } from "../../functions/core/render/json.js";
import { buildNewsArticle } from "../../functions/core/render/json-ld.js";
import { findXmlForbidden } from "../../functions/core/render/xml-chars.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args.splice(i, 2)[1];
};
const runs = Number(flag("--runs") ?? 5);
const only = flag("--only")?.split(",");
const jsonOut = flag("--json");
const compare = args.includes("--compare");
if (compare) args.splice(args.indexOf("--compare"), 1);
const root = args[0] ?? ".bench/corpus-10000-s1";

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && entry.name.endsWith(".md")) out.push(full);
  }
}

const paths: string[] = [];
walk(join(root, "articles"), paths);
paths.sort();
const files: SourceFile[] = [{ path: "site.yaml", bytes: readFileSync(join(root, "site.yaml")) }];
for (const p of paths) files.push({ path: relative(root, p).split(sep).join("/"), bytes: readFileSync(p) });
const articleFiles = files.slice(1);

const NOW = new Date("2026-11-27T00:00:00Z");
const load = loadContent(files, { now: NOW, bodyCache: createBodyCheckCache() });
const site = load.site;
if (!site) throw new Error("site.yaml did not load");
const articles: Article[] = [...load.articles, ...load.drafts, ...load.scheduled];
const texts = articleFiles.map((f) => {
  const decoded = decodeUtf8(f.bytes);
  if (!decoded.ok) throw new Error(`${f.path} is not UTF-8`);
  return decoded.text;
});
const splits = texts.map((t) => {
  const s = splitFrontMatter(t);
  if (!s.ok) throw new Error("no front matter");
  return s;
});
const fronts = splits.map((s) => parseSimpleYaml(s.yaml) as unknown as ArticleFrontMatter);
const bodyChars = articles.reduce((n, a) => n + a.body.length, 0);
console.log(
  `${root}: ${articleFiles.length} files, ${articles.length} articles, ${(bodyChars / 1e6).toFixed(1)} M body chars; ${runs} runs; node ${process.version}`,
);

const stock = new MarkdownIt("default", { html: true, linkify: false, typographer: false });

/** One run of a stage over the corpus: the ms it spent and a digest of what it produced. */
type Stage = () => { ms: number; digest: string };

/**
 * Times `fn` over every item, item by item; each result is hashed (untimed) and dropped, as the
 * build drops it once written, so that keeping results alive does not skew GC.
 */
function timed<T>(items: readonly T[], fn: (item: T) => unknown): { ms: number; digest: string } {
  const hash = createHash("sha256");
  let ms = 0;
  for (let i = 0; i < items.length; i++) {
    const start = performance.now();
    const out = fn(items[i] as T);
    ms += performance.now() - start;
    hash.update(typeof out === "string" ? out : String(JSON.stringify(out))).update("\u0000");
  }
  return { ms, digest: hash.digest("hex").slice(0, 16) };
}

type RenderBody = typeof renderBody;

/**
 * renderBody as the loader's body check uses it (parse and problems, then text and word count,
 * nothing kept), or its HTML getter; each part timed apart, body by body.
 */
function bodyStage(part: "parse" | "text" | "html", render: RenderBody): Stage {
  return () => {
    let ms = 0;
    const hash = createHash("sha256");
    for (const a of articles) {
      const t0 = performance.now();
      const r = render(a.body, a.url);
      const problems = r.problems;
      const t1 = performance.now();
      if (part === "parse") {
        ms += t1 - t0;
        hash.update(`${JSON.stringify(problems)}\u0000`);
      } else if (part === "text") {
        const text = r.text;
        const words = r.wordCount;
        ms += performance.now() - t1;
        hash.update(`${words}\u0000${text}\u0000`);
      } else {
        const html = r.html;
        ms += performance.now() - t1;
        hash.update(`${html}\u0000`);
      }
    }
    return { ms, digest: hash.digest("hex").slice(0, 16) };
  };
}

const bodies = articles.map((a) => {
  const r = renderBody(a.body, a.url);
  return { html: "", text: r.text, wordCount: r.wordCount };
});
const withBodies = articles.map((a, i) => [a, bodies[i] as (typeof bodies)[number]] as const);
const newsArticles = withBodies.map(([a, body]) => buildNewsArticle(site, a, body));
const withFronts = articleFiles.map((f, i) => [f.path, fronts[i] as ArticleFrontMatter] as const);

/**
 * With --compare, the implementations before the hot-path work (test/unit/perf/reference/, loaded
 * only then, under tsx) run interleaved with the current ones: same load, same digests expected.
 */
interface Reference {
  renderBody: RenderBody;
  countWords: (text: string) => number;
  stringifySafeJson: (value: unknown) => string;
}
let reference: Reference | undefined;
if (compare) {
  const dir = new URL("../../test/unit/perf/reference/", import.meta.url);
  const load = (name: string) => import(new URL(name, dir).href);
  reference = {
    renderBody: (await load("markdown.ts")).renderBody,
    countWords: (await load("word-count.ts")).countWords,
    stringifySafeJson: (await load("json.ts")).stringifySafeJson,
  };
}

const texts10k = bodies.map((b) => b.text);

/** Each stage, and the same stage with the reference implementation when there is one. */
const stages: Record<string, { current: Stage; reference?: (ref: Reference) => Stage }> = {
  decode: { current: () => timed(articleFiles, (f) => (decodeUtf8(f.bytes) as { text: string }).text) },
  "split front matter": { current: () => timed(texts, (t) => splitFrontMatter(t)) },
  "fast yaml": { current: () => timed(splits, (s) => parseSimpleYaml(s.yaml)) },
  resolve: {
    current: () =>
      timed(withFronts, ([path, front]) => {
        const slug = resolveSlug(path, front);
        const slugValue = slug.ok ? slug.value : "x";
        const url = resolveUrl(site, slugValue, front);
        const image = front.image ? resolveImageType(front.image) : undefined;
        return `${slugValue} ${url.ok ? url.value : url.code} ${defaultId(site, path, front.published)} ${image?.ok ? image.value : ""}`;
      }),
  },
  "xml-forbidden scan (body)": { current: () => timed(articles, (a) => findXmlForbidden(a.body)) },
  "stock markdown-it parse": { current: () => timed(articles, (a) => stock.parse(a.body, {}).length) },
  "renderBody parse + problems": {
    current: bodyStage("parse", renderBody),
    reference: (ref) => bodyStage("parse", ref.renderBody),
  },
  "text + wordCount getters": {
    current: bodyStage("text", renderBody),
    reference: (ref) => bodyStage("text", ref.renderBody),
  },
  "countWords alone": {
    current: () => timed(texts10k, (t) => countWords(t)),
    reference: (ref) => () => timed(texts10k, (t) => ref.countWords(t)),
  },
  "html getter": {
    current: bodyStage("html", renderBody),
    reference: (ref) => bodyStage("html", ref.renderBody),
  },
  "JSON-LD build (objects)": {
    current: () => timed(withBodies, ([a, body]) => buildNewsArticle(site, a, body)),
  },
  stringifySafeJson: {
    current: () => timed(newsArticles, (n) => stringifySafeJson(n)),
    reference: (ref) => () => timed(newsArticles, (n) => ref.stringifySafeJson(n)),
  },
  "renderNewsArticle (build + stringify)": {
    current: () => timed(withBodies, ([a, body]) => stringifySafeJson(buildNewsArticle(site, a, body))),
  },
};

interface Summary {
  median: number;
  min: number;
  max: number;
  digest: string;
}

function summarise(times: number[], digest: string): Summary {
  times.sort((a, b) => a - b);
  return {
    median: times[times.length >> 1] ?? 0,
    min: times[0] ?? 0,
    max: times[times.length - 1] ?? 0,
    digest,
  };
}

const line = (name: string, s: Summary) =>
  `${name.padEnd(44)} median ${s.median.toFixed(1).padStart(8)} ms  (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})  digest ${s.digest}`;

const results: Record<string, Summary & { reference?: Summary }> = {};
for (const [name, { current, reference: makeReference }] of Object.entries(stages)) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  const variants: [string, Stage][] = [["current", current]];
  if (reference && makeReference) variants.unshift(["reference", makeReference(reference)]);
  const times = new Map<string, number[]>();
  const digests = new Map<string, string>();
  for (const [, stage] of variants) stage(); // warm-up
  for (let r = 0; r < runs; r++) {
    for (const [variant, stage] of variants) {
      const result = stage();
      const list = times.get(variant) ?? [];
      list.push(result.ms);
      times.set(variant, list);
      const seen = digests.get(variant);
      if (seen && seen !== result.digest) throw new Error(`${name}: output differs between runs`);
      digests.set(variant, result.digest);
    }
  }
  const summary = summarise(times.get("current") ?? [], digests.get("current") ?? "");
  results[name] = summary;
  if (times.has("reference")) {
    const before = summarise(times.get("reference") ?? [], digests.get("reference") ?? "");
    results[name] = { ...summary, reference: before };
    console.log(line(`${name} (reference)`, before));
    const same = before.digest === summary.digest ? "same output" : "OUTPUT DIFFERS";
    console.log(`${line(name, summary)}  ${(summary.median / before.median).toFixed(2)}× ${same}`);
  } else {
    console.log(line(name, summary));
  }
}
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
