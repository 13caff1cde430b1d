/**
 * Quarantine in the content bucket: a rejected content file is copied to quarantine/<key> (same
 * bytes, hence the same ETag) and both copies are tagged feedpub-status=invalid. The original stays
 * where the editor put it, so the bucket mirrors git; while it is there, publishes are blocked by
 * its errors (see s3-content.ts) and the last good site stays up.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { s3Sdk } from "./aws-sdk.js";
import { QUARANTINE_PREFIX, STATUS_TAG } from "./env-names.js";
import { quarantineKeyFor } from "./s3-content.js";

function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}

/** Copies `key` (only if it still has `etag`) to quarantine/ and tags both. False if it changed or vanished. */
export async function quarantine(
  client: S3Client,
  bucket: string,
  key: string,
  etag: string,
): Promise<boolean> {
  const { CopyObjectCommand, PutObjectTaggingCommand } = s3Sdk();
  const target = quarantineKeyFor(key);
  try {
    await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: target,
        CopySource: copySource(bucket, key),
        CopySourceIfMatch: etag,
        MetadataDirective: "COPY",
      }),
    );
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    if (status === 412 || isNotFound(error)) return false;
    throw error;
  }
  const Tagging = { TagSet: [{ Key: STATUS_TAG.key, Value: STATUS_TAG.invalid }] };
  await client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: target, Tagging }));
  try {
    await client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return true;
}

/** Removes a stale quarantined copy of `key` (after a fixed upload). True if there was one. */
export async function release(client: S3Client, bucket: string, key: string): Promise<boolean> {
  const { DeleteObjectCommand, HeadObjectCommand } = s3Sdk();
  const target = quarantineKeyFor(key);
  try {
    // HEAD first: on a versioned bucket, deleting a missing key would still add a delete marker.
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: target }));
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: target }));
  return true;
}

/** Original keys that currently have a quarantined copy. */
export async function listQuarantined(client: S3Client, bucket: string): Promise<string[]> {
  const { ListObjectsV2Command } = s3Sdk();
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: QUARANTINE_PREFIX,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key) keys.push(object.Key.slice(QUARANTINE_PREFIX.length));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
