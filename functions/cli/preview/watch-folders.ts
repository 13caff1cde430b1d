/**
 * File events under a content folder for `feedpub preview --watch`, as content-relative POSIX
 * paths (`articles/2026/quake.md`; undefined when the system does not say which file): files,
 * and folders under articles/ created, renamed or removed (other files there are left out).
 *
 * On Linux, Node's `fs.watch(dir, { recursive: true })` is emulated in JavaScript with one watcher
 * and one Stats object per file (Node 20: ~40 MB at 10,000 articles, and a stat per event). Here
 * each folder gets one (inotify) watcher instead: the content root (site.yaml, articles/) and every
 * folder under articles/ that does not start with a dot. A folder created later is watched (with
 * its subfolders) before its event is passed on, so the rescan that event causes sees every file
 * written into it from then on; a folder removed has its watchers closed. Elsewhere (macOS,
 * Windows) the system's own recursive watcher is used.
 */
import { type Dirent, type FSWatcher, readdirSync, watch } from "node:fs";
import { stat } from "node:fs/promises";
import { join, sep } from "node:path";

export interface FolderWatcher {
  /** Folders watched one by one (0 with a recursive watcher): for tests and reports. */
  readonly folders: number;
  close(): void;
}

const SITE = "site.yaml";

/** Whether a content-relative path can be a folder of articles (articles/ or below, no dot segment). */
function isArticleFolder(path: string): boolean {
  const segments = path.split("/");
  return segments[0] === "articles" && segments.every((s) => s !== "" && !s.startsWith("."));
}

export function watchFolders(
  root: string,
  onChange: (path: string | undefined) => void,
  onError: (error: unknown) => void,
  options: { perFolder?: boolean } = {},
): FolderWatcher {
  if (!(options.perFolder ?? process.platform === "linux")) {
    const watcher = watch(root, { recursive: true }, (_type, name) => {
      if (!name) return onChange(undefined);
      const path = name.toString().split(sep).join("/");
      if (!isArticleFolder(path) || path.endsWith(".md")) return onChange(path);
      // A folder created, renamed or removed (or gone before it could be told apart from a file).
      void stat(join(root, name.toString())).then(
        (info) => info.isDirectory() && onChange(path),
        () => onChange(path),
      );
    });
    watcher.on("error", onError);
    return { folders: 0, close: () => watcher.close() };
  }

  /** Content-relative folder ("" for the root) → its watcher. */
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  const drop = (folder: string) => {
    for (const [path, watcher] of watchers)
      if (path === folder || path.startsWith(`${folder}/`)) {
        watcher.close();
        watchers.delete(path);
      }
  };

  /** Watches `folder` and the article folders under it (depth first; already watched ones are kept). */
  const add = (folder: string) => {
    if (closed || watchers.has(folder)) return;
    const full = folder === "" ? root : join(root, ...folder.split("/"));
    let watcher: FSWatcher;
    try {
      watcher = watch(full, (_type, name) => event(folder, name ? name.toString() : undefined));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") onError(error);
      return;
    }
    // The folder itself removed or renamed: its parent's watcher reports it; this one just ends.
    watcher.on("error", () => drop(folder));
    watchers.set(folder, watcher);
    let entries: Dirent[];
    try {
      entries = readdirSync(full, { withFileTypes: true });
    } catch {
      return; // gone already: the parent's event follows
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (isArticleFolder(path)) add(path);
    }
  };

  const event = (folder: string, name: string | undefined) => {
    if (closed) return;
    if (name === undefined) return onChange(undefined);
    const path = folder === "" ? name : `${folder}/${name}`;
    if (!isArticleFolder(path) || path.endsWith(".md") || path === SITE) return onChange(path);
    // Maybe a folder created, removed or renamed: watch it (or stop) before passing the event on.
    // Other files (an editor's `4913` probe, `x.md~` backups) are not content: not passed on.
    void stat(join(root, ...path.split("/"))).then(
      (info) => {
        if (!info.isDirectory()) return;
        add(path);
        onChange(path);
      },
      () => {
        if (!watchers.has(path)) return;
        drop(path);
        onChange(path);
      },
    );
  };

  add("");
  return {
    get folders() {
      return watchers.size;
    },
    close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
