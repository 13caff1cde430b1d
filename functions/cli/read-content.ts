/** Reads a content folder into the core's SourceFile list: site.yaml and articles/**\/*.md. */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { SourceFile } from "../core/model.js";

async function walk(dir: string, out: string[]): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile() && entry.name.endsWith(".md")) out.push(full);
  }
}

/** Every content file under `root`, sorted by path, as bytes (decoding and UTF-8 checks are the core's job). */
export async function readContentDir(root: string): Promise<SourceFile[]> {
  const paths: string[] = [];
  await walk(join(root, "articles"), paths);
  paths.sort();
  const files: SourceFile[] = [];
  try {
    files.push({ path: "site.yaml", bytes: await readFile(join(root, "site.yaml")) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const bodies = await Promise.all(paths.map((p) => readFile(p)));
  paths.forEach((p, i) => {
    files.push({ path: relative(root, p).split(sep).join("/"), bytes: bodies[i]! });
  });
  return files;
}
