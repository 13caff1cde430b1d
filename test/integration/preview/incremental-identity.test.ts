/**
 * `feedpub preview --watch`'s incremental builder against a fresh full build, file by file and
 * manifest included, after each edit of a long sequence: edits inside and outside the feeds, dates
 * that move articles in and out of feeds, new, deleted, moved and drafted articles, a section
 * change, hostile bodies (CJK, `]]>`, `</script>`, U+2028, raw HTML), and a site.yaml change. Run
 * with the watcher's list of changed paths and without it (every file compared), since the builder
 * takes a different path for each. Feeds are spliced from per-item bytes (feed-splice.ts), so this
 * is what pins them to the core's rendering.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishLoaded } from "../../../functions/cli/commands/build.js";
import { IncrementalBuilder } from "../../../functions/cli/preview/incremental.js";
import { loadContent } from "../../../functions/core/load.js";
import type { LoadResult, SourceFile } from "../../../functions/core/model.js";
import { createRandom } from "../../../scripts/bench/corpus.js";
import { hostileCorpus } from "../../unit/perf/hostile-corpus.js";
import { snapshotTree } from "../cli/helpers.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "feedpub-incremental-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Content as the watcher keeps it: site.yaml first, then articles by path. */
class Files {
  readonly byPath = new Map<string, SourceFile>();
  constructor(files: SourceFile[]) {
    for (const file of files) this.byPath.set(file.path, file);
  }
  list(): SourceFile[] {
    const site = this.byPath.get("site.yaml");
    const articles = [...this.byPath.values()]
      .filter((f) => f.path !== "site.yaml")
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    return site ? [site, ...articles] : articles;
  }
  text(path: string): string {
    const file = this.byPath.get(path);
    if (!file) throw new Error(`no ${path}`);
    return decoder.decode(file.bytes);
  }
  write(path: string, text: string): void {
    this.byPath.set(path, { path, bytes: encoder.encode(text) });
  }
  delete(path: string): void {
    this.byPath.delete(path);
  }
}

/** Newest first, as the loader sorts them, with their paths. */
function published(files: Files): { path: string; section?: string }[] {
  const load = loadContent(files.list(), { now: NOW });
  return load.articles.map((a) => ({ path: a.sourcePath, ...(a.section ? { section: a.section } : {}) }));
}

const setField = (text: string, field: string, value: string) =>
  new RegExp(`^${field}:.*$`, "m").test(text)
    ? text.replace(new RegExp(`^${field}:.*$`, "m"), `${field}: ${value}`)
    : text.replace(/^---\n/, `---\n${field}: ${value}\n`);

type Edit = { what: string; apply(files: Files): string[] };

/** The edits, in order; each returns the paths it touched. */
function edits(): Edit[] {
  const at = (files: Files, i: number) => published(files)[i]?.path as string;
  const last = (files: Files) => published(files).at(-1)?.path as string;
  return [
    {
      what: "the newest article's body",
      apply: (f) => {
        const p = at(f, 0);
        f.write(p, `${f.text(p)}\nA correction.\n`);
        return [p];
      },
    },
    {
      what: "a listed article's title (the section and landing pages change)",
      apply: (f) => {
        const p = at(f, 2);
        f.write(p, setField(f.text(p), "title", '"A new headline ]]> </script>"'));
        return [p];
      },
    },
    {
      what: "an archive article's body",
      apply: (f) => {
        const p = last(f);
        f.write(p, `${f.text(p)}\nAn archive note.\n`);
        return [p];
      },
    },
    {
      what: "an archive article dated newest (it enters the feeds, another leaves)",
      apply: (f) => {
        const p = last(f);
        f.write(
          p,
          setField(f.text(p).replace(/^updated:.*\n/m, ""), "published", "2026-11-26T23:30:00+09:00"),
        );
        return [p];
      },
    },
    {
      what: "the newest article dated back to the archive (it leaves the feeds)",
      apply: (f) => {
        const p = at(f, 0);
        f.write(p, setField(f.text(p).replace(/^updated:.*\n/m, ""), "published", "2003-01-01T00:00:00Z"));
        return [p];
      },
    },
    {
      what: "a new article in a new section",
      apply: (f) => {
        const text = [
          "---",
          'title: "Brand new desk, brand new story"',
          "published: 2026-11-26T22:00:00-05:00",
          "section: brand-new",
          "language: ja",
          "editor: { name: Ines Halloway }",
          "source: { name: Ledger, url: https://ledger.example/, articleUrl: https://ledger.example/a/1 }",
          "image: { url: https://img.example/a.jpg, alt: Cranes, width: 1200, height: 800, caption: Dusk }",
          "---",
          "",
          "東京で新しい橋が開通した。\u2028 And <b>raw</b> HTML ]]> too.",
          "",
        ].join("\n");
        f.write("articles/new/brand-new.md", text);
        return ["articles/new/brand-new.md"];
      },
    },
    {
      what: "a listed article deleted",
      apply: (f) => {
        const p = at(f, 1);
        f.delete(p);
        return [p];
      },
    },
    {
      what: "an archive article deleted",
      apply: (f) => {
        const p = last(f);
        f.delete(p);
        return [p];
      },
    },
    {
      what: "a listed article moved to another folder, same bytes (its id changes)",
      apply: (f) => {
        const p = at(f, 3);
        const text = f.text(p);
        f.delete(p);
        const moved = `articles/moved/${p.split("/").at(-1)}`;
        f.write(moved, text);
        return [p, moved];
      },
    },
    {
      what: "a listed article made a draft",
      apply: (f) => {
        const p = at(f, 0);
        f.write(p, setField(f.text(p), "draft", "true"));
        return [p];
      },
    },
    {
      what: "a listed article moved to another section",
      apply: (f) => {
        const p = at(f, 1);
        const other = published(f).find((a) => a.section && a.section !== published(f)[1]?.section)?.section;
        f.write(p, setField(f.text(p), "section", other ?? "world"));
        return [p];
      },
    },
    {
      what: "the new section's only article deleted (its feeds go)",
      apply: (f) => {
        f.delete("articles/new/brand-new.md");
        return ["articles/new/brand-new.md"];
      },
    },
    {
      what: "two listed articles edited at once",
      apply: (f) => {
        const [a, b] = [at(f, 0), at(f, 4)];
        f.write(a, `${f.text(a)}\nSecond correction.\n`);
        f.write(b, setField(f.text(b), "summary", '"A rewritten summary & more"'));
        return [a, b];
      },
    },
    {
      what: "site.yaml (a full rebuild)",
      apply: (f) => {
        f.write("site.yaml", f.text("site.yaml").replace(/^description: .*$/m, "description: Edited."));
        return ["site.yaml"];
      },
    },
    {
      what: "the newest article's body after the full rebuild",
      apply: (f) => {
        const p = at(f, 0);
        f.write(p, `${f.text(p)}\nThird correction.\n`);
        return [p];
      },
    },
  ];
}

const errorsOf = (load: LoadResult) =>
  load.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}: ${d.message}`);

async function freshBuild(files: Files, out: string): Promise<Map<string, Buffer>> {
  const load = loadContent(files.list(), { now: NOW });
  expect(errorsOf(load)).toEqual([]);
  await publishLoaded(load, out);
  return snapshotTree(out);
}

function expectSameTree(watched: Map<string, Buffer>, built: Map<string, Buffer>, what: string): void {
  expect([...watched.keys()], what).toEqual([...built.keys()]);
  for (const [path, bytes] of built) {
    if (path === ".feedpub/manifest.json") continue;
    expect(watched.get(path)?.equals(bytes), `${what}: ${path}`).toBe(true);
  }
  const files = (tree: Map<string, Buffer>) =>
    JSON.parse(tree.get(".feedpub/manifest.json")?.toString() ?? "{}").files;
  expect(files(watched), `${what}: manifest`).toEqual(files(built));
}

describe.each([
  ["with the watcher's changed paths", true],
  ["comparing every file", false],
])("incremental rebuilds %s", (_name, withPaths) => {
  it("leave the files and manifest a fresh build writes, after every edit", async () => {
    const source = hostileCorpus(40, 11);
    const files = new Files(
      source.map((f) =>
        f.path === "site.yaml"
          ? {
              path: f.path,
              // Short feeds (articles move in and out), and a section without articles yet.
              bytes: encoder.encode(
                `${decoder.decode(f.bytes).replace(/itemsPerFeed: \d+/, "itemsPerFeed: 4")}  brand-new:\n    title: Brand new\n`,
              ),
            }
          : f,
      ),
    );
    const out = join(dir, "watched");
    const builder = new IncrementalBuilder({ outDir: out, manifestDelayMs: 60_000 });
    try {
      const first = await builder.build(files.list(), NOW);
      expect(first.mode).toBe("full");
      const counts = { incremental: 0, written: 0 };
      for (const [i, edit] of edits().entries()) {
        const paths = edit.apply(files);
        const summary = await builder.build(
          files.list(),
          NOW,
          undefined,
          withPaths ? { paths, get: (p) => files.byPath.get(p) } : undefined,
        );
        expect(errorsOf(summary.load), edit.what).toEqual([]);
        if (summary.mode === "incremental") counts.incremental++;
        counts.written += summary.written.length;
        await builder.flush();
        const built = await freshBuild(files, join(dir, `fresh-${i}`));
        expectSameTree(await snapshotTree(out), built, edit.what);
      }
      expect(counts.incremental).toBe(edits().length - 1);
      expect(counts.written).toBeGreaterThan(0);
    } finally {
      await builder.close();
    }
  });
});

describe("incremental rebuilds of feed items", () => {
  it("write only the edited article's document and the feeds that list it", async () => {
    const files = new Files(hostileCorpus(30, 5));
    const out = join(dir, "watched");
    const builder = new IncrementalBuilder({ outDir: out, manifestDelayMs: 60_000 });
    try {
      await builder.build(files.list(), NOW);
      const newest = published(files)[0];
      if (!newest?.section) throw new Error("the corpus's newest article has no section");
      for (const revision of [1, 2, 3]) {
        files.write(newest.path, `${files.text(newest.path)}\nRevision ${revision}.\n`);
        const summary = await builder.build(files.list(), NOW, undefined, {
          paths: [newest.path],
          get: (p) => files.byPath.get(p),
        });
        const slug = newest.path.split("/").at(-1)?.replace(/\.md$/, "");
        expect(summary.written.sort()).toEqual(
          [
            `articles/${slug}.jsonld`,
            "atom.xml",
            "feed.json",
            "feed.xml",
            `sections/${newest.section}/atom.xml`,
            `sections/${newest.section}/feed.json`,
            `sections/${newest.section}/feed.xml`,
          ].sort(),
        );
      }
      await builder.flush();
      expectSameTree(
        await snapshotTree(out),
        await freshBuild(files, join(dir, "fresh")),
        "after three revisions",
      );
    } finally {
      await builder.close();
    }
  });

  it("match a fresh build whatever the order of many random edits", async () => {
    const files = new Files(hostileCorpus(25, 3));
    const out = join(dir, "watched");
    const builder = new IncrementalBuilder({ outDir: out, manifestDelayMs: 60_000 });
    const random = createRandom(99);
    try {
      await builder.build(files.list(), NOW);
      for (let step = 0; step < 25; step++) {
        const list = published(files);
        const pick = list[Math.floor(random() * Math.min(list.length, 12))]?.path as string;
        const roll = random();
        if (roll < 0.5) files.write(pick, `${files.text(pick)}\nStep ${step}.\n`);
        else if (roll < 0.8) {
          const day = String(1 + Math.floor(random() * 26)).padStart(2, "0");
          const text = files.text(pick).replace(/^updated:.*\n/m, "");
          files.write(pick, setField(text, "published", `2026-11-${day}T0${step % 10}:00:00Z`));
        } else files.write(pick, setField(files.text(pick), "title", `"Step ${step} headline"`));
        const summary = await builder.build(files.list(), NOW, undefined, {
          paths: [pick],
          get: (p) => files.byPath.get(p),
        });
        expect(errorsOf(summary.load)).toEqual([]);
      }
      await builder.flush();
      expectSameTree(await snapshotTree(out), await freshBuild(files, join(dir, "fresh")), "after 25 edits");
    } finally {
      await builder.close();
    }
  });
});
