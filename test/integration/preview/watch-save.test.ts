/**
 * The watcher's short debounce (2 ms) against the way editors save: a save that truncates the file
 * and writes it a moment later (an editor writing through an event loop can leave more than the
 * debounce between the two) must not show the article as empty in between; a file really emptied
 * is reported once its grace time is over.
 */
import { open, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContentWatcher, type WatchEvent, watchContent } from "../../../functions/cli/watch.js";
import { editableArticle, FIXED_NOW, tempSite, waitFor } from "../cli/helpers.js";

let site: Awaited<ReturnType<typeof tempSite>>;
let watcher: ContentWatcher | undefined;
let events: WatchEvent[];
let errors: unknown[];

beforeEach(async () => {
  site = await tempSite();
  events = [];
  errors = [];
  watcher = await watchContent({
    contentDir: site.content,
    outDir: site.out,
    now: () => FIXED_NOW,
    onBuild: (event) => events.push(event),
    onError: (error) => errors.push(error),
  });
});

afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(site.dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("preview --watch and editors' saves", () => {
  it("does not build the article empty when a save truncates, waits, then writes", async () => {
    const article = await editableArticle(site.content);
    const file = join(site.content, article.path);
    const edited = article.text.replace(article.title, "Saved in two steps");
    const handle = await open(file, "r+");
    try {
      await handle.truncate(0);
      await pause(10); // five times the debounce
      await handle.write(edited, 0, "utf8");
    } finally {
      await handle.close();
    }
    await waitFor("a rebuild", () => events.length > 0);
    await watcher?.idle();
    await pause(60); // past the grace time: nothing more comes
    await watcher?.idle();
    expect(errors).toEqual([]);
    expect(events.map((e) => e.summary.ok)).toEqual([true]);
    expect(events[0]?.changed).toEqual([article.path]);
    const jsonld = await readFile(join(site.out, "index.jsonld"), "utf8");
    expect(jsonld).toContain("Saved in two steps");
  });

  it("reports a file that stays empty", async () => {
    const article = await editableArticle(site.content);
    await writeFile(join(site.content, article.path), "");
    await waitFor("the invalid build", () => events.length > 0);
    expect(events[0]?.summary.ok).toBe(false);
    expect(events[0]?.summary.load.diagnostics.some((d) => d.file === article.path)).toBe(true);
  });
});
