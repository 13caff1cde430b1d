/**
 * CDN paths still to invalidate, kept beside the manifest in the site bucket
 * (`.feedpub/pending-invalidation.json`, never served). The publish engine reports the changed
 * paths only once: if CloudFront then refuses the invalidation (throttling, too many in progress)
 * or the function dies, the retried publish finds nothing changed and would invalidate nothing,
 * leaving readers stale copies until their TTL. So the paths are saved before CloudFront is asked
 * and cleared after it accepted them; every later publish sends what is still pending.
 */
import type { Storage } from "../storage/types.js";

export const PENDING_INVALIDATION_PATH = ".feedpub/pending-invalidation.json";

const OPTIONS = { contentType: "application/json; charset=utf-8", cacheControl: "no-store" } as const;

/** Paths saved by an earlier publish whose invalidation did not complete (none when unreadable). */
export async function readPendingInvalidation(site: Storage): Promise<string[]> {
  const stored = await site.get(PENDING_INVALIDATION_PATH);
  if (!stored) return [];
  try {
    const parsed = JSON.parse(new TextDecoder().decode(stored.body)) as { paths?: unknown };
    return Array.isArray(parsed.paths) ? parsed.paths.filter((p): p is string => typeof p === "string") : [];
  } catch {
    // A torn or foreign file: invalidate everything rather than nothing.
    return ["/*"];
  }
}

export async function savePendingInvalidation(site: Storage, paths: readonly string[]): Promise<void> {
  const body = new TextEncoder().encode(`${JSON.stringify({ version: 1, paths }, null, 2)}\n`);
  await site.put(PENDING_INVALIDATION_PATH, body, OPTIONS);
}

export async function clearPendingInvalidation(site: Storage): Promise<void> {
  await site.delete(PENDING_INVALIDATION_PATH);
}

/** `a` then the paths of `b` not in `a`, without duplicates. */
export function mergePaths(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
