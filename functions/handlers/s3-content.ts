/**
 * Reads the content tree (site.yaml + articles/**\/*.md) from the content bucket into the core's
 * SourceFile list, the S3 twin of functions/cli/read-content.ts.
 *
 * - One ListObjectsV2 pass; bodies are fetched with bounded concurrency.
 * - A warm Lambda keeps bodies by ETag in `cache`, so a publish after one changed article reads one
 *   object, not all of them.
 * - A file whose quarantined copy (quarantine/<key>, written by the validate function) has the
 *   same ETag is still read, and listed in `quarantined`: that exact version was rejected, and the
 *   full load must see it so that its errors block the publish (the last good site stays up). Left
 *   out, an edited live article would silently vanish from the feeds at the next publish, and a
 *   bad article beside valid changes would not stop them, unlike `feedpub publish`.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { SourceFile } from "../core/model.js";
import { s3Sdk } from "./aws-sdk.js";
import { QUARANTINE_PREFIX } from "./env-names.js";

export const SITE_KEY = "site.yaml";
export const ARTICLES_PREFIX = "articles/";

/** True for keys feedpub reads as content: site.yaml and Markdown under articles/ (no dot segments). */
export function isContentKey(key: string): boolean {
  if (key === SITE_KEY) return true;
  if (!key.startsWith(ARTICLES_PREFIX) || !key.endsWith(".md")) return false;
  return key
    .slice(ARTICLES_PREFIX.length)
    .split("/")
    .every((segment) => segment !== "" && !segment.startsWith("."));
}

export function quarantineKeyFor(key: string): string {
  return `${QUARANTINE_PREFIX}${key}`;
}

export interface ContentCache {
  /**
   * key → body of the version with that ETag, and the file's stamp for the core's article cache:
   * the ETag GetObject returned with these bytes (S3 derives it from the content), absent when it
   * returned none (the file is then always parsed).
   */
  entries: Map<string, { etag: string; bytes: Uint8Array; stamp?: string }>;
}

export function createContentCache(): ContentCache {
  return { entries: new Map() };
}

export interface ReadContentOptions {
  client: S3Client;
  bucket: string;
  cache?: ContentCache;
  /** GetObject requests in flight at once. Default 16. */
  concurrency?: number;
  /** Keys per ListObjectsV2 page (MaxKeys). Default: S3's, 1,000. */
  listPageSize?: number;
}

export interface ContentSnapshot {
  files: SourceFile[];
  /** Content keys whose current version is quarantined (read all the same; their errors block). */
  quarantined: string[];
  /** GetObject requests made (the rest came from the cache). */
  fetched: number;
}

interface Listed {
  key: string;
  etag: string;
}

async function listAll(client: S3Client, bucket: string, pageSize?: number): Promise<Listed[]> {
  const { ListObjectsV2Command } = s3Sdk();
  const out: Listed[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        ...(pageSize ? { MaxKeys: pageSize } : {}),
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined && object.ETag !== undefined)
        out.push({ key: object.Key, etag: object.ETag });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** Reads one object's bytes; undefined when it vanished since it was listed. */
export async function getObjectBytes(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<{ bytes: Uint8Array; etag: string } | undefined> {
  const { GetObjectCommand } = s3Sdk();
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await out.Body?.transformToByteArray();
    return { bytes: bytes ?? new Uint8Array(), etag: out.ETag ?? "" };
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
}

export async function readContentFromS3(options: ReadContentOptions): Promise<ContentSnapshot> {
  const { client, bucket } = options;
  const cache = options.cache ?? createContentCache();
  const listed = await listAll(client, bucket, options.listPageSize);
  const rejected = new Map<string, string>();
  for (const item of listed) {
    if (item.key.startsWith(QUARANTINE_PREFIX))
      rejected.set(item.key.slice(QUARANTINE_PREFIX.length), item.etag);
  }
  const quarantined: string[] = [];
  const wanted: Listed[] = [];
  for (const item of listed) {
    if (!isContentKey(item.key)) continue;
    if (rejected.get(item.key) === item.etag) quarantined.push(item.key);
    wanted.push(item);
  }
  wanted.sort((a, b) => (a.key === SITE_KEY ? -1 : b.key === SITE_KEY ? 1 : a.key < b.key ? -1 : 1));

  const results: (SourceFile | undefined)[] = new Array(wanted.length);
  let fetched = 0;
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const index = next++;
      const item = wanted[index];
      if (!item) break;
      const hit = cache.entries.get(item.key);
      if (hit && hit.etag === item.etag) {
        results[index] = { path: item.key, bytes: hit.bytes, ...(hit.stamp ? { stamp: hit.stamp } : {}) };
        continue;
      }
      fetched++;
      const got = await getObjectBytes(client, bucket, item.key);
      if (!got) {
        cache.entries.delete(item.key);
        continue;
      }
      const stamp = got.etag ? `etag ${got.etag}` : undefined;
      cache.entries.set(item.key, {
        etag: got.etag || item.etag,
        bytes: got.bytes,
        ...(stamp ? { stamp } : {}),
      });
      results[index] = { path: item.key, bytes: got.bytes, ...(stamp ? { stamp } : {}) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, wanted.length) }, worker));
  const present = new Set(wanted.map((w) => w.key));
  for (const key of cache.entries.keys()) if (!present.has(key)) cache.entries.delete(key);
  return { files: results.filter((f): f is SourceFile => f !== undefined), quarantined, fetched };
}
