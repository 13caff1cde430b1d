/** cli/read-content.ts contentFiles: lazy reads, stamps for the article cache. */
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contentFiles, readContentDir } from "../../../functions/cli/read-content.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "feedpub-files-"));
  dirs.push(root);
  mkdirSync(join(root, "articles", "2026", "11"), { recursive: true });
  writeFileSync(join(root, "site.yaml"), "title: T\n");
  writeFileSync(join(root, "articles", "b.md"), "---\ntitle: b\n---\n\nB\n");
  writeFileSync(join(root, "articles", "2026", "11", "a.md"), "---\ntitle: a\n---\n\nA\n");
  writeFileSync(join(root, "articles", ".hidden.md"), "x");
  writeFileSync(join(root, "articles", "notes.txt"), "x");
  // 1.5 MiB: larger than any article the loader accepts, read whole all the same.
  writeFileSync(join(root, "articles", "big.md"), Buffer.alloc(1536 * 1024, 0x61));
  return root;
}

describe("contentFiles", () => {
  it("lists what readContentDir lists, with the same bytes, read on access", async () => {
    const root = tree();
    const eager = await readContentDir(root);
    const lazy = contentFiles(root);
    expect(lazy.map((f) => f.path)).toEqual(eager.map((f) => f.path));
    for (const [i, file] of lazy.entries()) {
      expect(Buffer.from(file.bytes).equals(Buffer.from(eager[i]?.bytes ?? []))).toBe(true);
    }
    writeFileSync(join(root, "articles", "b.md"), "---\ntitle: changed\n---\n\nB\n");
    const b = lazy.find((f) => f.path === "articles/b.md");
    expect(Buffer.from(b?.bytes ?? []).toString()).toContain("changed");
    expect(lazy.find((f) => f.path === "articles/big.md")?.bytes.byteLength).toBe(1536 * 1024);
  });

  it("stamps files older than a few seconds, by size, times and inode; recent files get none", () => {
    const root = tree();
    const old = join(root, "articles", "b.md");
    const past = new Date(Date.now() - 60_000);
    utimesSync(old, past, past);
    const now = Date.now();
    // ctime cannot be set back: judge "recent" from a clock 10 s ahead for the old file's stamp.
    const later = contentFiles(root, now + 10_000);
    const stamp = later.find((f) => f.path === "articles/b.md")?.stamp;
    const info = statSync(old);
    expect(stamp).toBe(`${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`);
    const fresh = contentFiles(root, now);
    expect(fresh.find((f) => f.path === "articles/2026/11/a.md")?.stamp).toBeUndefined();
  });
});
