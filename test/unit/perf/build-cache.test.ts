/** `feedpub build` with its render cache on disk: same files as without, and no parse on a rebuild. */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../../functions/cli/commands/build.js";
import type { CliIo } from "../../../functions/cli/io.js";
import { generateCorpus } from "../../../scripts/bench/corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");

function io(cwd: string, env: Record<string, string> = {}): CliIo & { out: () => string } {
  let out = "";
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: () => {},
    isTty: false,
    cwd,
    now: () => NOW,
    env,
    out: () => out,
  };
}

async function tree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.includes(".feedpub")) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(full.slice(root.length), (await readFile(full)).toString("base64"));
  }
  return files;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "feedpub-build-cache-"));
  for (const file of generateCorpus({ articles: 120, seed: 3 })) {
    await mkdir(join(dir, "content", file.path, ".."), { recursive: true });
    await writeFile(join(dir, "content", file.path), file.text);
  }
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("feedpub build with a render cache", () => {
  it("stores it under FEEDPUB_CACHE_DIR; a rebuild writes nothing; an edit writes only what changed", async () => {
    const env = { FEEDPUB_CACHE_DIR: join(dir, "cache") };
    const args = ["--content", "content", "--out", "out", "--json"];
    const first = io(dir, env);
    expect(await run(args, first)).toBe(0);
    expect((await readdir(join(dir, "cache"))).filter((f) => f.startsWith("render-"))).toHaveLength(1);

    const again = io(dir, env);
    expect(await run(args, again)).toBe(0);
    expect(JSON.parse(again.out()).written).toEqual([]);

    const articles = (await readdir(join(dir, "content/articles"), { recursive: true })).filter((p) =>
      p.endsWith("-000100.md"),
    );
    const edited = join(dir, "content/articles", articles[0] ?? "");
    await writeFile(edited, `${await readFile(edited, "utf8")}\nA late correction.\n`);
    const third = io(dir, env);
    expect(await run(args, third)).toBe(0);
    // Its document, and the feeds that list it (its section's: every article is in one here).
    const written = JSON.parse(third.out()).written as string[];
    const doc = `articles/${articles[0]?.split("/").pop()?.replace(".md", ".jsonld")}`;
    expect(written).toContain(doc);
    expect(written.filter((p) => p !== doc).every((p) => /(feed\.xml|atom\.xml|feed\.json)$/.test(p))).toBe(
      true,
    );
    expect(written.length).toBeLessThanOrEqual(7);

    // The same files as a build without any cache.
    expect(await run(["--content", "content", "--out", "plain", "--no-cache"], io(dir))).toBe(0);
    expect(await tree(join(dir, "out"))).toEqual(await tree(join(dir, "plain")));
  });

  it("keeps no cache without FEEDPUB_CACHE_DIR or a node_modules folder, nor with --no-cache", async () => {
    expect(await run(["--content", "content", "--out", "out"], io(dir))).toBe(0);
    await mkdir(join(dir, "node_modules"));
    expect(await run(["--content", "content", "--out", "out", "--no-cache"], io(dir))).toBe(0);
    expect(existsSync(join(dir, "node_modules", ".cache"))).toBe(false);
    expect(await run(["--content", "content", "--out", "out"], io(dir))).toBe(0);
    expect((await readdir(join(dir, "node_modules", ".cache", "feedpub"))).length).toBe(1);
  });
});
