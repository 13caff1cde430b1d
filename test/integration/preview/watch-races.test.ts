/**
 * `preview --watch` when files change at awkward moments: during start-up (between the listing
 * and the first build's reads, or after the first build before the watcher hands over), and
 * saved again or deleted before the watcher handled their event. The watcher keeps no file bytes
 * (bodies are read again from disk), so each of these is a file that no longer is the version
 * loaded: it must be taken as a content change — no error, no stale output — and the folder must
 * end exactly as a fresh `feedpub build` leaves it.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContentWatcher, type WatchEvent, watchContent } from "../../../functions/cli/watch.js";
import {
  FIXED_NOW,
  expectSameAsFreshBuild as sameAsFreshBuild,
  snapshotTree,
  tempSite,
  waitFor,
} from "../cli/helpers.js";

let site: Awaited<ReturnType<typeof tempSite>>;
let watcher: ContentWatcher | undefined;
let events: WatchEvent[];
let errors: unknown[];

beforeEach(async () => {
  site = await tempSite();
  events = [];
  errors = [];
});

afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(site.dir, { recursive: true, force: true });
});

function start(
  onStartup?: (phase: "listed" | "built") => void | Promise<void>,
  debounceMs = 2,
): Promise<ContentWatcher> {
  return watchContent({
    contentDir: site.content,
    outDir: site.out,
    now: () => FIXED_NOW,
    debounceMs,
    onBuild: (event) => events.push(event),
    onError: (error) => errors.push(error),
    ...(onStartup ? { onStartup } : {}),
  });
}

/**
 * The newest published article (first in every feed, so its body is read for them), found
 * synchronously: a start-up hook that edits it runs before anything else the watcher schedules.
 */
function newestArticle(): { path: string; slug: string; full: string; text: string } {
  const index = JSON.parse(readFileSync(join(site.out, "feed.json"), "utf8")) as {
    items: { url: string }[];
  };
  const url = index.items[0]?.url;
  if (!url) throw new Error("no item in feed.json");
  const root = join(site.content, "articles");
  const entries = readdirSync(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const full = join(entry.parentPath, entry.name);
    const text = readFileSync(full, "utf8");
    const slug = /^slug:\s*(\S+)\s*$/m.exec(text)?.[1] ?? entry.name.replace(/\.md$/, "");
    if (url.includes(slug) && !/^draft:\s*true/m.test(text))
      return { path: relative(site.content, full).split(sep).join("/"), slug, full, text };
  }
  throw new Error(`no source for ${url}`);
}

/** Every output (and the manifest's file list) equals what a fresh `feedpub build` writes. */
async function expectSameAsFreshBuild(): Promise<void> {
  await watcher?.close();
  watcher = undefined;
  await sameAsFreshBuild(site.dir, site.out, ["--no-cache"]);
}

describe("preview --watch: files changing under it", () => {
  it("starts when a listed file is deleted before the first build reads it", async () => {
    let gone = "";
    watcher = await start(async (phase) => {
      if (phase !== "listed" || gone) return;
      const tree = await snapshotTree(join(site.content, "articles"));
      const [rel] = [...tree.keys()];
      gone = `articles/${rel}`;
      rmSync(join(site.content, gone));
    });
    expect(watcher.initial.summary.ok).toBe(true);
    expect(watcher.initial.summary.load.diagnostics.filter((d) => d.file === gone)).toEqual([]);
    await watcher.idle();
    expect(errors).toEqual([]);
    await expectSameAsFreshBuild();
  });

  it("sees an edit made during start-up, after the first build read the file", async () => {
    let path = "";
    watcher = await start((phase) => {
      if (phase !== "built") return;
      const newest = newestArticle();
      path = newest.path;
      writeFileSync(newest.full, newest.text.replace(/^title:.*$/m, "title: Edited during start-up"));
    });
    await waitFor("the rebuild of the start-up edit", () => events.length > 0);
    await watcher.idle();
    expect(errors).toEqual([]);
    expect(events[0]?.changed).toEqual([path]);
    expect(await readFile(join(site.out, "feed.xml"), "utf8")).toContain("Edited during start-up");
    await expectSameAsFreshBuild();
  });

  it("takes a feed article deleted before its event is handled as a deletion, not an error", async () => {
    let slug = "";
    // After the first build the watcher prepares every feed's items from the files, in the
    // background: the deleted one can no longer be read (a long debounce lets that run first).
    watcher = await start((phase) => {
      if (phase !== "built") return;
      const newest = newestArticle();
      slug = newest.slug;
      rmSync(newest.full);
    }, 150);
    await waitFor("the rebuild after the deletion", () => events.length > 0);
    await watcher.idle();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the background preparation too
    expect(errors).toEqual([]);
    expect(events.every((e) => e.summary.ok)).toBe(true);
    expect(events.flatMap((e) => e.summary.deleted)).toContain(`articles/${slug}.jsonld`);
    await expectSameAsFreshBuild();
  });

  it("builds the last of two quick saves, even when the second lands while the first is being built", async () => {
    watcher = await start();
    const newest = newestArticle();
    const save = (title: string) =>
      writeFileSync(newest.full, newest.text.replace(/^title:.*$/m, `title: ${title}`));
    // Two saves within the debounce: one rebuild, of the second.
    save("First quick save");
    save("Second quick save");
    await waitFor("the rebuild of the quick saves", () => events.length > 0);
    await watcher.idle();
    const feed = () => readFileSync(join(site.out, "feed.xml"), "utf8");
    expect(feed()).toContain("Second quick save");
    expect(feed()).not.toContain("First quick save");
    // A save while the rebuild of the one before runs (from its own report): its event is handled
    // next, the body read again from disk is the new version.
    const seen = events.length;
    save("Third save");
    let saved = false;
    const before = events.length;
    await waitFor("the rebuild of the third save", () => {
      if (!saved && events.length > before) {
        save("Fourth save");
        saved = true;
      }
      return saved && feed().includes("Fourth save");
    });
    await watcher.idle();
    expect(events.length).toBeGreaterThan(seen);
    expect(errors).toEqual([]);
    expect(feed()).not.toContain("Third save");
    await expectSameAsFreshBuild();
  });
});
