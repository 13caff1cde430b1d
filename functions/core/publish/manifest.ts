/**
 * The publish manifest, stored at MANIFEST_PATH beside the outputs with `no-store`. It records
 * what the site is made of (a sha256 per output object) and is the commit point of a publish:
 *
 * - `state: "publishing"` — written first (the lock): `files` is still the previous site and
 *   `pending` lists the paths about to be written, so a crashed publish's uploads are known.
 * - `state: "deleting"` — the new site is live; `pending` lists the removed objects not yet deleted.
 * - `state: "complete"` — `files` is exactly what is stored; `pending` is empty.
 *
 * Serialisation is deterministic (sorted keys, no timestamps) so the same site and history give
 * the same bytes.
 */
import { MANIFEST_PATH } from "../media-types.js";
import { ManifestError } from "./errors.js";

export const MANIFEST_VERSION = 1;

export interface ManifestEntry {
  /** Lowercase hex sha256 of the body. */
  sha256: string;
  size: number;
  contentType: string;
  cacheControl: string;
}

export type ManifestState = "publishing" | "deleting" | "complete";

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  /** Number of the publish that wrote it; +1 per publish that changed something. */
  generation: number;
  state: ManifestState;
  /** Present while `state` is "publishing": tells two racing publishes apart. */
  publishId?: string;
  files: Record<string, ManifestEntry>;
  /** Paths that may be in storage but are not part of `files` (see the states above). Sorted. */
  pending: string[];
}

export function emptyManifest(): Manifest {
  return { version: MANIFEST_VERSION, generation: 0, state: "complete", files: {}, pending: [] };
}

/** Deterministic bytes: fixed key order, paths sorted, one file per line (readable diffs). */
export function serializeManifest(manifest: Manifest): Uint8Array {
  const paths = Object.keys(manifest.files).sort();
  const fileLines = paths.map((path) => {
    const e = manifest.files[path] as ManifestEntry;
    const entry = {
      sha256: e.sha256,
      size: e.size,
      contentType: e.contentType,
      cacheControl: e.cacheControl,
    };
    return `    ${JSON.stringify(path)}: ${JSON.stringify(entry)}`;
  });
  const head = [
    `  "version": ${MANIFEST_VERSION}`,
    `  "generation": ${manifest.generation}`,
    `  "state": ${JSON.stringify(manifest.state)}`,
    ...(manifest.publishId === undefined ? [] : [`  "publishId": ${JSON.stringify(manifest.publishId)}`]),
    `  "pending": ${JSON.stringify([...manifest.pending].sort())}`,
  ];
  const files = fileLines.length ? `{\n${fileLines.join(",\n")}\n  }` : "{}";
  return new TextEncoder().encode(`{\n${head.join(",\n")},\n  "files": ${files}\n}\n`);
}

function fail(detail: string): never {
  throw new ManifestError(
    `${MANIFEST_PATH} is not a valid feedpub manifest (${detail}); it was not written by this version of feedpub or was edited by hand. Delete it to republish everything.`,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function parseManifest(bytes: Uint8Array): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    fail(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(data)) fail("not an object");
  if (data.version !== MANIFEST_VERSION)
    fail(`version ${JSON.stringify(data.version)}, expected ${MANIFEST_VERSION}`);
  if (!Number.isSafeInteger(data.generation) || (data.generation as number) < 0) fail("bad generation");
  if (!["publishing", "deleting", "complete"].includes(data.state as string)) fail("bad state");
  if (!Array.isArray(data.pending) || !data.pending.every((p) => typeof p === "string")) fail("bad pending");
  if (!isObject(data.files)) fail("bad files");
  const entries: [string, ManifestEntry][] = [];
  for (const [path, e] of Object.entries(data.files)) {
    if (
      !isObject(e) ||
      typeof e.sha256 !== "string" ||
      !/^[0-9a-f]{64}$/.test(e.sha256) ||
      !Number.isSafeInteger(e.size) ||
      typeof e.contentType !== "string" ||
      typeof e.cacheControl !== "string"
    ) {
      fail(`bad entry for ${JSON.stringify(path)}`);
    }
    entries.push([
      path,
      { sha256: e.sha256, size: e.size as number, contentType: e.contentType, cacheControl: e.cacheControl },
    ]);
  }
  // fromEntries defines own properties, so even a "__proto__" path stays a plain entry.
  const files = Object.fromEntries(entries);
  return {
    version: MANIFEST_VERSION,
    generation: data.generation as number,
    state: data.state as ManifestState,
    ...(typeof data.publishId === "string" ? { publishId: data.publishId } : {}),
    files,
    pending: [...(data.pending as string[])].sort(),
  };
}
