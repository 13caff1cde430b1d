import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IncrementalLoader } from "../../../functions/cli/preview/incremental-load.js";
import { readContentDir } from "../../../functions/cli/read-content.js";
import { loadContent } from "../../../functions/core/load.js";
import type { SourceFile } from "../../../functions/core/model.js";
import { FIXED_NOW, tempSite } from "./helpers.js";

let site: Awaited<ReturnType<typeof tempSite>>;
let initial: SourceFile[];

beforeAll(async () => {
  site = await tempSite();
  initial = await readContentDir(site.content);
});

afterAll(async () => {
  await rm(site.dir, { recursive: true, force: true });
});

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Replaces one file's bytes (a new object, as the watcher does), keeping the others identical. */
function edit(files: SourceFile[], path: string, change: (text: string) => string): SourceFile[] {
  return files.map((f) => (f.path === path ? { path, bytes: encode(change(decode(f.bytes))) } : f));
}

function withFile(files: SourceFile[], path: string, text: string): SourceFile[] {
  return [...files.filter((f) => f.path !== path), { path, bytes: encode(text) }].sort((a, b) =>
    a.path === "site.yaml" ? -1 : b.path === "site.yaml" ? 1 : a.path < b.path ? -1 : 1,
  );
}

describe("IncrementalLoader", () => {
  it("gives exactly loadContent's result through edits, additions, removals, errors and time", () => {
    const loader = new IncrementalLoader();
    const check = (files: SourceFile[], now = FIXED_NOW) => {
      const got = loader.load(files, now);
      expect(got).toEqual(loadContent(files, { now }));
      return loader.lastMode;
    };
    const article = initial.find(
      (f) => f.path.startsWith("articles/") && !/^draft:\s*true/m.test(decode(f.bytes)),
    );
    if (!article) throw new Error("no article in content/");
    const text = decode(article.bytes);

    let files = initial;
    expect(check(files)).toBe("full");
    files = edit(files, article.path, (t) => t.replace(/^title:.*$/m, "title: A changed headline"));
    expect(check(files)).toBe("partial");
    files = edit(files, article.path, (t) => `${t}\n\nOne more paragraph.\n`);
    expect(check(files)).toBe("partial");

    const copy = text.replace(/^slug:.*$/m, "").replace(/^id:.*$/m, "");
    files = withFile(files, "articles/zz-copy.md", copy);
    expect(check(files)).toBe("partial");
    const dup = copy.replace(/^---\r?\n/, "---\nslug: zz-copy\n");
    files = withFile(files, "articles/zz-dup.md", dup);
    expect(check(files)).toBe("full");
    expect(loader.load(files, FIXED_NOW).ok).toBe(false);
    files = files.filter((f) => f.path !== "articles/zz-dup.md");
    expect(check(files)).toBe("full");
    files = files.filter((f) => f.path !== "articles/zz-copy.md");
    expect(check(files)).toBe("partial");

    files = edit(files, article.path, (t) =>
      t.replace(/^slug:.*$/m, "").replace(/^---\r?\n/, "---\nslug: renamed\n"),
    );
    expect(check(files)).toBe("partial");
    const other = files.find((f) => f.path.startsWith("articles/") && f.path !== article.path);
    files = files.filter((f) => f !== other);
    expect(check(files)).toBe("partial");
    expect(check(files)).toBe("partial");

    files = edit(files, article.path, (t) => t.replace(/^published:.*$/m, "published: not a date"));
    check(files);
    files = edit(files, article.path, () => text);
    check(files);

    const future = copy
      .replace(/^updated:.*$/m, "")
      .replace(/^published:.*$/m, "published: 2030-01-01T09:00:00+09:00");
    files = withFile(files, "articles/zz-future.md", future);
    check(files);
    expect(loader.load(files, FIXED_NOW).nextScheduledAt).toBe("2030-01-01T09:00:00+09:00");
    expect(check(files, new Date("2031-01-01T00:00:00Z"))).toBe("full");

    files = edit(files, "site.yaml", (t) => t.replace(/^description:.*$/m, "description: Changed"));
    expect(check(files, new Date("2031-01-01T00:00:00Z"))).toBe("full");
  });
});
