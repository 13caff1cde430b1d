/**
 * One watcher per folder (cli/preview/watch-folders.ts, the Linux path; forced here so it runs
 * everywhere): content-relative paths for files in the root and under articles/, folders created
 * later watched (with what is already in them), folders removed dropped, dot folders ignored.
 * And through the watcher: an article in a folder created while it runs is built, and so is its
 * next edit.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FolderWatcher, watchFolders } from "../../../functions/cli/preview/watch-folders.js";
import { type ContentWatcher, type WatchEvent, watchContent } from "../../../functions/cli/watch.js";
import { editableArticle, FIXED_NOW, tempSite, waitFor } from "../cli/helpers.js";

let dir: string | undefined;
let folders: FolderWatcher | undefined;
let watcher: ContentWatcher | undefined;

afterEach(async () => {
  folders?.close();
  folders = undefined;
  await watcher?.close();
  watcher = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("watchFolders, one watcher per folder", () => {
  it("reports files by content path and follows folders as they come and go", async () => {
    dir = await mkdtemp(join(tmpdir(), "feedpub-folders-"));
    const root = dir;
    mkdirSync(join(root, "articles", "2026", "11"), { recursive: true });
    mkdirSync(join(root, "articles", ".git"));
    mkdirSync(join(root, "other"));
    const seen: (string | undefined)[] = [];
    const errors: unknown[] = [];
    folders = watchFolders(
      root,
      (path) => seen.push(path),
      (error) => errors.push(error),
      { perFolder: true },
    );
    // The root, articles/, articles/2026/ and articles/2026/11/: not other/ nor the dot folder.
    expect(folders.folders).toBe(4);

    writeFileSync(join(root, "site.yaml"), "title: x\n");
    writeFileSync(join(root, "articles", "2026", "11", "a.md"), "a");
    await waitFor(
      "the first events",
      () => seen.includes("site.yaml") && seen.includes("articles/2026/11/a.md"),
    );

    mkdirSync(join(root, "articles", "new", "deeper"), { recursive: true });
    await waitFor("the new folder watched", () => folders?.folders === 6);
    expect(seen).toContain("articles/new");
    writeFileSync(join(root, "articles", "new", "deeper", "b.md"), "b");
    await waitFor("an event from the new folder", () => seen.includes("articles/new/deeper/b.md"));

    rmSync(join(root, "articles", "new"), { recursive: true });
    await waitFor("the removed folders dropped", () => folders?.folders === 4);
    writeFileSync(join(root, "articles", ".git", "c.md"), "c");
    writeFileSync(join(root, "other", "d.md"), "d");
    writeFileSync(join(root, "articles", "2026", "4913"), ""); // vim's probe: not content, no rescan
    rmSync(join(root, "articles", "2026", "4913"));
    writeFileSync(join(root, "articles", "2026", "e.md"), "e");
    await waitFor("the last event", () => seen.includes("articles/2026/e.md"));
    await new Promise((resolve) => setTimeout(resolve, 20)); // the probe's stat answered
    expect(seen.some((p) => p === undefined || /c\.md|d\.md|4913/.test(p))).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe("preview --watch and new folders", () => {
  it("builds an article in a folder created while watching, and its next edit", async () => {
    const site = await tempSite();
    dir = site.dir;
    const events: WatchEvent[] = [];
    const errors: unknown[] = [];
    watcher = await watchContent({
      contentDir: site.content,
      outDir: site.out,
      now: () => FIXED_NOW,
      onBuild: (event) => events.push(event),
      onError: (error) => errors.push(error),
    });
    const article = await editableArticle(site.content);
    const text = article.text
      .replace(article.title, "Filed in a new folder")
      .replace(/^slug:.*\n/m, "")
      .replace(/^id:.*\n/m, "")
      .replace(/^---\r?\n/, "---\nslug: filed-in-a-new-folder\n");
    mkdirSync(join(site.content, "articles", "brand", "new"), { recursive: true });
    const file = join(site.content, "articles", "brand", "new", "story.md");
    writeFileSync(file, text);
    const doc = join(site.out, "articles", "filed-in-a-new-folder.jsonld");
    await waitFor("the new article built", async () =>
      (await readFile(doc, "utf8").catch(() => "")).includes("Filed in a new folder"),
    );
    await watcher.idle();
    const before = events.length;
    writeFileSync(file, text.replace("Filed in a new folder", "Edited in the new folder"));
    await waitFor("the edit built", () => events.length > before);
    await watcher.idle();
    expect(events.at(-1)?.changed).toEqual(["articles/brand/new/story.md"]);
    expect(await readFile(doc, "utf8")).toContain("Edited in the new folder");
    expect(errors).toEqual([]);
  });
});
