/**
 * How the CLI shows a file: relative to the current directory when it lies below it (so terminals,
 * editors and CI annotations can open `content/articles/x.md:3:1`), absolute otherwise; always
 * with forward slashes.
 */
import { isAbsolute, join, relative, sep } from "node:path";

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  const shown = rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  return shown.split(sep).join("/");
}

/** Maps a content-relative file (`articles/x.md`, as diagnostics name it) to its displayed path. */
export function contentPathFor(cwd: string, contentRoot: string): (file: string) => string {
  return (file) => displayPath(cwd, join(contentRoot, file));
}
