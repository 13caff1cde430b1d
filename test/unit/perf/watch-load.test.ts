/**
 * IncrementalLoader (functions/cli/preview/incremental-load.ts) against loadContent after every
 * step of a random edit sequence: bodies, dates (order changes), drafts, scheduled articles,
 * warnings, errors and their fix, new and deleted files. Once told the changed paths (as the
 * watcher does) and once comparing every file: both must give loadContent's result exactly.
 */
import { describe, expect, it } from "vitest";
import { IncrementalLoader } from "../../../functions/cli/preview/incremental-load.js";
import { loadContent } from "../../../functions/core/load.js";
import type { Article, LoadResult, SourceFile } from "../../../functions/core/model.js";
import { createRandom } from "../../../scripts/bench/corpus.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What must match: every list in order (by file and bytes), the diagnostics, the flags. */
function shape(result: LoadResult) {
  const list = (articles: Article[]) => articles.map((a) => `${a.sourcePath} ${a.sourceHash}`);
  return {
    ok: result.ok,
    articles: list(result.articles),
    scheduled: list(result.scheduled),
    drafts: list(result.drafts),
    diagnostics: result.diagnostics,
    nextScheduledAt: result.nextScheduledAt,
  };
}

const setField = (text: string, field: string, value: string) =>
  new RegExp(`^${field}:.*$`, "m").test(text)
    ? text.replace(new RegExp(`^${field}:.*$`, "m"), `${field}: ${value}`)
    : text.replace(/^---\n/, `---\n${field}: ${value}\n`);

describe.each([
  ["told the changed paths", true],
  ["comparing every file", false],
])("IncrementalLoader, %s", (_name, told) => {
  it("gives loadContent's result after every step of a random edit sequence", () => {
    const files = new Map<string, SourceFile>(hostileCorpus(60, 8).map((f) => [f.path, f]));
    const list = () => {
      const site = files.get("site.yaml") as SourceFile;
      const rest = [...files.values()].filter((f) => f.path !== "site.yaml");
      return [site, ...rest.sort((a, b) => (a.path < b.path ? -1 : 1))];
    };
    const loader = new IncrementalLoader();
    loader.load(list(), NOW);
    const random = createRandom(2024);
    const modes = new Set<string>();
    let broken: { path: string; text: string } | undefined;
    for (let step = 0; step < 120; step++) {
      const paths = [...files.keys()].filter((p) => p !== "site.yaml");
      const path = paths[Math.floor(random() * paths.length)] as string;
      const text = decoder.decode(files.get(path)?.bytes);
      const touched = [path];
      const roll = random();
      let next: string | undefined = text;
      if (broken && roll < 0.3) {
        // Fix the broken file.
        touched[0] = broken.path;
        next = undefined;
        files.set(broken.path, { path: broken.path, bytes: encoder.encode(broken.text) });
        broken = undefined;
      } else if (roll < 0.35) next = `${text}\nStep ${step}.\n`;
      else if (roll < 0.5) {
        const day = String(1 + Math.floor(random() * 28)).padStart(2, "0");
        next = setField(
          text.replace(/^updated:.*\n/m, ""),
          "published",
          `2026-10-${day}T0${step % 10}:00:00Z`,
        );
      } else if (roll < 0.57) next = setField(text, "draft", random() < 0.5 ? "true" : "false");
      else if (roll < 0.62)
        next = setField(text.replace(/^updated:.*\n/m, ""), "published", "2027-03-01T09:00:00+09:00");
      else if (roll < 0.7) next = setField(text, "title", `"${"A very long headline ".repeat(7)}${step}"`);
      else if (roll < 0.75 && !broken) {
        broken = { path, text };
        next = setField(text, "published", "not a date");
      } else if (roll < 0.85) {
        const added = `articles/added/step-${step}.md`;
        touched.push(added);
        files.set(added, { path: added, bytes: encoder.encode(setField(text, "slug", `step-${step}`)) });
        next = text;
      } else if (!broken || broken.path !== path) {
        files.delete(path);
        next = undefined;
      }
      if (next !== undefined) files.set(path, { path, bytes: encoder.encode(next) });
      const current = list();
      const byPath = new Map(current.map((f) => [f.path, f]));
      const result = loader.load(
        current,
        NOW,
        told ? { paths: touched, get: (p) => byPath.get(p) } : undefined,
      );
      modes.add(loader.lastMode);
      expect(shape(result), `step ${step}`).toEqual(shape(loadContent(current, { now: NOW })));
    }
    expect([...modes].sort()).toEqual(["full", "partial"]);
  });
});
