/**
 * What a publish must do: compare the full output set with the previous manifest. Pure and
 * deterministic: puts in write order (per-article documents, then nested feeds and indexes, then
 * root files), deletes and unchanged sorted by path. A path the previous manifest lists as
 * `pending` (an unfinished publish may have written it) is always put again or deleted. Bodies are kept only for the puts, so a
 * no-op republish of a large site holds no output bytes in memory.
 */
import { sha256Hex } from "../hash.js";
import { MANIFEST_PATH } from "../media-types.js";
import type { OutputFile } from "../model.js";
import { PublishError } from "./errors.js";
import type { Manifest, ManifestEntry } from "./manifest.js";

export interface PlannedPut {
  file: OutputFile;
  /** "new": not in the previous site; "changed": bytes or headers differ. */
  reason: "new" | "changed";
  /** 0: per-article documents, 1: nested feeds and indexes, 2: root files. Written in that order. */
  phase: 0 | 1 | 2;
}

export interface PublishPlan {
  puts: PlannedPut[];
  /** Paths in the previous site (or pending from an unfinished publish) that are not outputs any more. */
  deletes: string[];
  unchanged: string[];
  /** The `files` of the manifest after this publish. */
  files: Record<string, ManifestEntry>;
}

/** Write phase of an output path: documents before the feeds and indexes that link to them. */
export function phaseOf(path: string): 0 | 1 | 2 {
  if (path.startsWith("articles/")) return 0;
  return path.includes("/") ? 1 : 2;
}

export { sha256Hex } from "../hash.js";

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function planPublish(outputs: Iterable<OutputFile>, previous: Manifest | undefined): PublishPlan {
  const before = previous?.files ?? {};
  const files = new Map<string, ManifestEntry>();
  const puts: PlannedPut[] = [];
  const unchanged: string[] = [];
  // Paths an unfinished publish may have overwritten: their stored bytes are unknown.
  const pending = new Set(previous?.pending ?? []);
  for (const file of outputs) {
    if (file.path === MANIFEST_PATH || file.path.startsWith(".feedpub/")) {
      throw new PublishError(`output path ${file.path} is reserved for feedpub's manifest`);
    }
    if (files.has(file.path)) {
      throw new PublishError(
        `two outputs have the same path ${file.path} (a renderer bug: nothing was written)`,
      );
    }
    // A digest the renderer already knows spares reading (or rendering) the body of unchanged files.
    const sha256 = file.sha256 ?? sha256Hex(file.body);
    const size = file.size ?? file.body.byteLength;
    const old = Object.hasOwn(before, file.path) ? before[file.path] : undefined;
    if (
      old &&
      !pending.has(file.path) &&
      old.sha256 === sha256 &&
      old.size === size &&
      old.contentType === file.contentType &&
      old.cacheControl === file.cacheControl
    ) {
      // Unchanged: the previous entry is this file's entry (no new object per unchanged output).
      files.set(file.path, old);
      unchanged.push(file.path);
      continue;
    }
    files.set(file.path, { sha256, size, contentType: file.contentType, cacheControl: file.cacheControl });
    puts.push({ file, reason: old ? "changed" : "new", phase: phaseOf(file.path) });
  }
  const gone = new Set<string>();
  for (const path of [...Object.keys(before), ...(previous?.pending ?? [])]) {
    if (!files.has(path)) gone.add(path);
  }
  puts.sort((a, b) => a.phase - b.phase || byPath(a.file.path, b.file.path));
  return {
    puts,
    deletes: [...gone].sort(byPath),
    unchanged: unchanged.sort(byPath),
    files: Object.fromEntries(files),
  };
}
