/** Helpers for CLI integration tests: a recording CliIo and a temp copy of the repo's content/. */
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { expect } from "vitest";
import type { CliIo } from "../../../functions/cli/io.js";

export const REPO_CONTENT = resolve(import.meta.dirname, "../../../content");

/** A clock where every sample article is already published. */
export const FIXED_NOW = new Date("2027-06-01T00:00:00Z");

export interface RecordingIo extends CliIo {
  out: string[];
  err: string[];
  stdoutText(): string;
  stderrText(): string;
}

export function recordingIo(cwd: string, now = FIXED_NOW): RecordingIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdoutText: () => out.join(""),
    stderrText: () => err.join(""),
    isTty: false,
    cwd,
    now: () => now,
    env: {},
  };
}

/** A temp folder holding a copy of content/ (never touch the repo's own). */
export async function tempSite(): Promise<{ dir: string; content: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), "feedpub-cli-"));
  try {
    await cp(REPO_CONTENT, join(dir, "content"), { recursive: true });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, content: join(dir, "content"), out: join(dir, "dist") };
}

/** Every file under `root` (POSIX relative path → bytes), for byte-for-byte comparisons. */
export async function snapshotTree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath ?? (entry as { path?: string }).path ?? root, entry.name);
    files.set(relative(root, full).split(sep).join("/"), await readFile(full));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Article sources under content/articles, with their text. */
export async function articleSources(content: string): Promise<{ path: string; text: string }[]> {
  const tree = await snapshotTree(join(content, "articles"));
  return [...tree].map(([path, bytes]) => ({ path: `articles/${path}`, text: bytes.toString("utf8") }));
}

/** First non-draft article that has a single-line `title:`. */
export async function editableArticle(
  content: string,
): Promise<{ path: string; text: string; title: string }> {
  for (const source of await articleSources(content)) {
    if (/^draft:\s*true\s*$/m.test(source.text)) continue;
    const title = /^title:\s*(.+)$/m.exec(source.text)?.[1];
    if (title) return { ...source, title };
  }
  throw new Error("no editable article in content/");
}

/** Waits until `check` returns true, polling; fails with `what` (and the command's stderr) after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  io?: RecordingIo,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${io?.stderrText() ?? ""}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Runs `feedpub build --out fresh ...args` in `dir` and expects `out` to hold the same files, byte
 * for byte, and the same manifest file list (the manifest's generation may differ). Returns that list.
 */
export async function expectSameAsFreshBuild(
  dir: string,
  out: string,
  args: string[] = [],
): Promise<Record<string, unknown>> {
  const { run } = await import("../../../functions/cli/commands/build.js");
  expect(await run(["--out", "fresh", ...args], recordingIo(dir))).toBe(0);
  const watched = await snapshotTree(out);
  const built = await snapshotTree(join(dir, "fresh"));
  expect([...watched.keys()]).toEqual([...built.keys()]);
  for (const [path, bytes] of built) {
    if (path === ".feedpub/manifest.json") continue;
    expect(watched.get(path)?.equals(bytes), path).toBe(true);
  }
  const files = (tree: Map<string, Buffer>) =>
    JSON.parse(tree.get(".feedpub/manifest.json")?.toString() ?? "{}").files;
  expect(files(watched)).toEqual(files(built));
  return files(built);
}
