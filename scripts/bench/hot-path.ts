/**
 * Micro-benchmark of the per-article pure functions (the build's hot path), each stage timed in
 * isolation over a whole corpus, plus a digest of every stage's output so that a change can be
 * shown to keep the bytes identical (same digest before and after).
 *
 *   npx tsx scripts/bench/hot-path.ts [CONTENT_DIR] [--runs N] [--only prefix,prefix] [--json FILE]
 *
 * Default CONTENT_DIR: .bench/corpus-10000-s1 (`npm run bench -- --sizes 10000 --runs 1 --no-s3
 * --no-bundles` generates it). Prints the median, min and max ms of each stage over N runs (default 5).
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
import { renderBody } from "../../functions/core/markdown.js";
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

/** Times `fn` over every item; the digest of the results is taken outside the timed part. */
function timed<T>(items: readonly T[], fn: (item: T) => unknown): { ms: number; digest: string } {
  const outs: unknown[] = new Array(items.length);
  const start = performance.now();
  for (let i = 0; i < items.length; i++) outs[i] = fn(items[i] as T);
  const ms = performance.now() - start;
  const hash = createHash("sha256");
  for (const out of outs)
    hash.update(typeof out === "string" ? out : String(JSON.stringify(out))).update("\u0000");
  return { ms, digest: hash.digest("hex").slice(0, 16) };
}

/** renderBody's parse, or one of its lazy getters, timed apart, in batches (tokens are large). */
function bodyStage(part: "parse" | "text" | "html"): Stage {
  return () => {
    let ms = 0;
    const hash = createHash("sha256");
    const batch = 250;
    for (let b = 0; b < articles.length; b += batch) {
      const slice = articles.slice(b, b + batch);
      let t = performance.now();
      const results = slice.map((a) => renderBody(a.body, a.url));
      if (part === "parse") ms += performance.now() - t;
      t = performance.now();
      if (part === "text") {
        let n = 0;
        for (const r of results) n += r.text.length + r.wordCount;
        ms += performance.now() - t;
        if (n < 0) throw new Error("unreachable");
        for (const r of results) hash.update(`${r.wordCount}\u0000${r.text}\u0000`);
      } else if (part === "html") {
        let n = 0;
        for (const r of results) n += r.html.length;
        ms += performance.now() - t;
        if (n < 0) throw new Error("unreachable");
        for (const r of results) hash.update(`${r.html}\u0000`);
      } else {
        for (const r of results) hash.update(`${JSON.stringify(r.problems)}\u0000`);
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

const stages: Record<string, Stage> = {
  decode: () => timed(articleFiles, (f) => (decodeUtf8(f.bytes) as { text: string }).text),
  "split front matter": () => timed(texts, (t) => splitFrontMatter(t)),
  "fast yaml": () => timed(splits, (s) => parseSimpleYaml(s.yaml)),
  resolve: () =>
    timed(withFronts, ([path, front]) => {
      const slug = resolveSlug(path, front);
      const slugValue = slug.ok ? slug.value : "x";
      const url = resolveUrl(site, slugValue, front);
      const image = front.image ? resolveImageType(front.image) : undefined;
      return `${slugValue} ${url.ok ? url.value : url.code} ${defaultId(site, path, front.published)} ${image?.ok ? image.value : ""}`;
    }),
  "xml-forbidden scan (body)": () => timed(articles, (a) => findXmlForbidden(a.body)),
  "stock markdown-it parse": () => timed(articles, (a) => stock.parse(a.body, {}).length),
  "renderBody parse + problems": bodyStage("parse"),
  "text + wordCount getters": bodyStage("text"),
  "html getter": bodyStage("html"),
  "JSON-LD build (objects)": () => timed(withBodies, ([a, body]) => buildNewsArticle(site, a, body)),
  stringifySafeJson: () => timed(newsArticles, (n) => stringifySafeJson(n)),
  "renderNewsArticle (build + stringify)": () =>
    timed(withBodies, ([a, body]) => stringifySafeJson(buildNewsArticle(site, a, body))),
};

const results: Record<string, { median: number; min: number; max: number; digest: string }> = {};
for (const [name, stage] of Object.entries(stages)) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  const times: number[] = [];
  let digest = "";
  stage(); // warm-up
  for (let r = 0; r < runs; r++) {
    const result = stage();
    times.push(result.ms);
    if (digest && digest !== result.digest) throw new Error(`${name}: output differs between runs`);
    digest = result.digest;
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1] ?? 0;
  const min = times[0] ?? 0;
  const max = times[times.length - 1] ?? 0;
  results[name] = { median, min, max, digest };
  console.log(
    `${name.padEnd(40)} median ${median.toFixed(1).padStart(8)} ms  (min ${min.toFixed(1)}, max ${max.toFixed(1)})  digest ${digest}`,
  );
}
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
