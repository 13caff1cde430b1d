/**
 * Where the CLI keeps its render cache (core/render-cache.ts) between runs: `$FEEDPUB_CACHE_DIR`;
 * else `node_modules/.cache/feedpub/` when the working directory has a node_modules folder (the
 * usual place for tool caches, ignored by git and kept by CI caches); else none (nothing is
 * written outside the project unless asked). One file per content folder.
 *
 * The cache is trusted only for the same feedpub code: its version is a hash of feedpub's own
 * files, Node's version and the versions of the Markdown, HTML and YAML libraries.
 * A missing, damaged or foreign cache file only costs time; failing to save one is not an error.
 * Saving is skipped when the run learnt little (see save()).
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ContentChangedError } from "../core/load.js";
import { createRenderCache, type RenderCache } from "../core/render-cache.js";

const FUNCTIONS_DIR = fileURLToPath(new URL("../", import.meta.url));
const LIBRARIES = ["markdown-it", "sanitize-html", "yaml", "ajv"];

let codeVersion: string | undefined;

/** Hash of feedpub's code (every file under functions/), Node and the libraries that shape output. */
export function feedpubCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const hash = createHash("sha256").update(process.version);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|ts|mjs|json)$/.test(entry.name)) hash.update(`${full}\0`).update(readFileSync(full));
    }
  };
  walk(FUNCTIONS_DIR);
  const require = createRequire(import.meta.url);
  for (const name of LIBRARIES) {
    try {
      hash.update(readFileSync(require.resolve(`${name}/package.json`)));
    } catch {
      hash.update(`${name}?`);
    }
  }
  codeVersion = hash.digest("hex");
  return codeVersion;
}

export interface RenderCacheFile {
  cache: RenderCache;
  path: string;
  /** Stores what this run used (atomically); errors are ignored (the cache is an optimisation). */
  save(): Promise<void>;
  /**
   * Deletes the stored cache: after a file turned out different from what the cache said it was
   * (ContentChangedError), so that a re-run reads every file instead of trusting the same entry.
   */
  forget(): Promise<void>;
}

/** Whether `error` (or its cause: the engine wraps upload failures) says a content file changed under a build. */
export function isContentChange(error: unknown): boolean {
  return (
    error instanceof ContentChangedError || (error as Error | undefined)?.cause instanceof ContentChangedError
  );
}

/** The cache file for `content`, or undefined when there is no place for one. */
export function renderCachePath(
  cwd: string,
  env: Record<string, string | undefined>,
  content: string,
): string | undefined {
  const dir = env.FEEDPUB_CACHE_DIR
    ? resolve(cwd, env.FEEDPUB_CACHE_DIR)
    : existsSync(join(cwd, "node_modules"))
      ? join(cwd, "node_modules", ".cache", "feedpub")
      : undefined;
  if (!dir) return undefined;
  const id = createHash("sha256").update(resolve(cwd, content)).digest("hex").slice(0, 16);
  return join(dir, `render-${id}.json`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: every character outside ASCII
const NON_ASCII = /[^\u0000-\u007f]+/g;

/**
 * The cache file is written in ASCII (JSON's \uXXXX escapes for anything else), so that it is read
 * back as one-byte text: decoding ~11 MB of UTF-8 took ~40 ms, and a single non-ASCII character
 * made V8 hold the whole text (and parse it) as two-byte; ASCII is a byte copy (~15 ms, measured).
 */
export function asciiJson(text: string): string {
  return text.replace(NON_ASCII, (run) => {
    let out = "";
    for (let i = 0; i < run.length; i++) out += `\\u${run.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return out;
  });
}

/** The text of a cache file: a byte copy when it is ASCII (as written), else decoded as UTF-8. */
export function decodeCache(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/** Opens the cache for `content` (empty when absent or unusable); undefined when there is no place for one. */
export async function openRenderCache(
  cwd: string,
  env: Record<string, string | undefined>,
  content: string,
): Promise<RenderCacheFile | undefined> {
  const path = renderCachePath(cwd, env, content);
  if (!path) return undefined;
  const stored = await readFile(path).then(decodeCache, () => undefined);
  const cache = createRenderCache(stored, feedpubCodeVersion());
  return {
    cache,
    path,
    async forget() {
      await rm(path, { force: true }).catch(() => {});
    },
    async save() {
      // Rewriting the whole cache (~11 MB at 10,000 articles: ~0.1 s) for a handful of new entries
      // costs more than learning them again next time (a load and a body check, well under 1 ms each): it is rewritten when it learnt
      // more than 1 % of its entries (at least 16), or the site config or code changed.
      const { added, used, fresh } = cache.learnt();
      if (!fresh && added < Math.max(16, used / 100)) return;
      const temp = `${path}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true });
        // Piece by piece: the whole text is ~55 MB at 50,000 articles.
        const fd = openSync(temp, "w");
        try {
          for (const chunk of cache.serializeChunks()) writeSync(fd, asciiJson(chunk));
        } finally {
          closeSync(fd);
        }
        await rename(temp, path);
      } catch {
        await rm(temp, { force: true }).catch(() => {});
      }
    },
  };
}
