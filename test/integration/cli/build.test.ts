import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import Parser from "rss-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../../functions/cli/commands/build.js";
import { editableArticle, recordingIo, snapshotTree, tempSite } from "./helpers.js";

let site: Awaited<ReturnType<typeof tempSite>>;

beforeEach(async () => {
  site = await tempSite();
});

afterEach(async () => {
  await rm(site.dir, { recursive: true, force: true });
});

async function build(...args: string[]) {
  const io = recordingIo(site.dir);
  const code = await run(args, io);
  return { code, io };
}

describe("feedpub build", () => {
  it("writes the whole layout, with feeds a real parser reads", async () => {
    const { code, io } = await build();
    expect(code, io.stderrText()).toBe(0);
    const tree = await snapshotTree(site.out);
    for (const path of ["feed.xml", "atom.xml", "feed.json", "index.jsonld", "index.html"]) {
      expect(tree.has(path), path).toBe(true);
    }
    const articles = [...tree.keys()].filter((p) => /^articles\/[^/]+\.jsonld$/.test(p));
    expect(articles.length).toBeGreaterThan(0);
    const sectionFeeds = [...tree.keys()].filter((p) => /^sections\/[^/]+\/feed\.xml$/.test(p));
    for (const feed of sectionFeeds) {
      const dir = feed.slice(0, -"feed.xml".length);
      for (const name of ["atom.xml", "feed.json", "index.html"])
        expect(tree.has(dir + name), dir + name).toBe(true);
    }
    const rss = await new Parser().parseString(tree.get("feed.xml")?.toString("utf8") ?? "");
    // The samples are fewer than itemsPerFeed, so the root feed lists every published article.
    expect(rss.items.length).toBe(articles.length);
    new XMLParser().parse(tree.get("atom.xml")?.toString("utf8") ?? "", true);
    expect(JSON.parse(tree.get("feed.json")?.toString("utf8") ?? "").version).toBe(
      "https://jsonfeed.org/version/1.1",
    );
    const summary = io.stdoutText();
    expect(summary).toMatch(new RegExp(`articles\\s+${articles.length} published`));
    expect(summary).toMatch(/files\s+\d+ written, 0 unchanged, 0 deleted/);
    expect(summary).toMatch(/time\s+\d+ ms/);
  });

  it("writes nothing on a second build of the same content", async () => {
    expect((await build()).code).toBe(0);
    const before = await snapshotTree(site.out);
    const mtime = (await stat(join(site.out, "feed.xml"))).mtimeMs;
    const { code, io } = await build("--json");
    expect(code).toBe(0);
    const report = JSON.parse(io.stdoutText());
    expect(report.written).toEqual([]);
    expect(report.deleted).toEqual([]);
    expect(report.unchanged).toBe(report.outputs);
    expect((await stat(join(site.out, "feed.xml"))).mtimeMs).toBe(mtime);
    expect(await snapshotTree(site.out)).toEqual(before);
  });

  it("gives byte-identical output for the same content in another folder", async () => {
    expect((await build()).code).toBe(0);
    expect((await build("--out", "dist2")).code).toBe(0);
    const a = await snapshotTree(site.out);
    const b = await snapshotTree(join(site.dir, "dist2"));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) {
      if (!path.startsWith(".feedpub/")) expect(b.get(path)?.equals(bytes), path).toBe(true);
    }
  });

  it("refuses an invalid article: exit 1, a positioned error, and the previous output untouched", async () => {
    expect((await build()).code).toBe(0);
    const before = await snapshotTree(site.out);
    const article = await editableArticle(site.content);
    await writeFile(
      join(site.content, article.path),
      article.text.replace(/^published:.*$/m, "published: yesterday"),
    );
    const { code, io } = await build();
    expect(code).toBe(1);
    // Named relative to the current directory, as `feedpub validate` does, so terminals can open it.
    expect(io.stderrText()).toMatch(new RegExp(`^content/${article.path}:\\d+:\\d+ +published `, "m"));
    expect(io.stderrText()).toMatch(/nothing was written/);
    expect(io.stdoutText()).toBe("");
    expect(await snapshotTree(site.out)).toEqual(before);
  });

  it("writes nothing at all when the first build is invalid", async () => {
    const article = await editableArticle(site.content);
    await writeFile(join(site.content, article.path), article.text.replace(/^title:.*$/m, ""));
    const { code } = await build();
    expect(code).toBe(1);
    expect((await snapshotTree(site.out)).size).toBe(0);
  });

  it("prints one parseable JSON object with --json, valid or not", async () => {
    const ok = await build("--json");
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.io.stdoutText());
    expect(report).toMatchObject({ ok: true, out: site.out, deleted: [], unchanged: 0 });
    expect(report.written).toContain("feed.xml");
    expect(report.feeds).toBeGreaterThanOrEqual(3);
    const article = await editableArticle(site.content);
    await writeFile(
      join(site.content, article.path),
      article.text.replace(/^published:.*$/m, "published: 2026-13-45"),
    );
    const bad = await build("--json");
    expect(bad.code).toBe(1);
    const failed = JSON.parse(bad.io.stdoutText());
    expect(failed.ok).toBe(false);
    expect(failed.written).toEqual([]);
    expect(JSON.stringify(failed.validation)).toContain(article.path);
  });

  it("rewrites only what an edit changes, and deletes the outputs of a removed article", async () => {
    expect((await build()).code).toBe(0);
    const article = await editableArticle(site.content);
    await writeFile(
      join(site.content, article.path),
      article.text.replace(article.title, "A wholly new headline"),
    );
    const edited = JSON.parse((await build("--json")).io.stdoutText());
    expect(edited.written.length).toBeGreaterThan(0);
    expect(edited.written.length).toBeLessThan(edited.outputs);
    const changedDoc = edited.written.find((p: string) => p.startsWith("articles/"));
    expect(await readFile(join(site.out, changedDoc), "utf8")).toContain("A wholly new headline");
    await rm(join(site.content, article.path));
    const removed = JSON.parse((await build("--json")).io.stdoutText());
    expect(removed.deleted).toContain(changedDoc);
    await expect(stat(join(site.out, changedDoc))).rejects.toThrow();
  });

  it("reports a corrupt publish manifest as a message, not a crash", async () => {
    expect((await build()).code).toBe(0);
    await writeFile(join(site.out, ".feedpub/manifest.json"), "{ not json");
    const { code, io } = await build();
    expect(code).toBe(1);
    expect(io.stderrText()).toMatch(/^feedpub build: .*manifest/m);
  });

  it("explains usage mistakes with exit code 2", async () => {
    const unknown = await build("--frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.io.stderrText()).toMatch(/frobnicate/);
    const missing = await build("--content", "nope");
    expect(missing.code).toBe(2);
    expect(missing.io.stderrText()).toMatch(/content folder nope not found/);
    const overlap = await build("--out", "content/dist");
    expect(overlap.code).toBe(2);
    expect(overlap.io.stderrText()).toMatch(/overlap/);
    const help = await build("--help");
    expect(help.code).toBe(0);
    expect(help.io.stdoutText()).toMatch(/--content DIR/);
  });
});
