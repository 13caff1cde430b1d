/**
 * S3 (or any S3-compatible server: MinIO, R2, LocalStack, s3rver) as storage, given the
 * `@aws-sdk/client-s3` module to use. This file imports no SDK value, so that the Lambda handlers,
 * which import the SDK on first use (functions/handlers/aws-sdk.ts), can bundle it without loading
 * the SDK at start-up. Everyone else imports `functions/storage/s3.js`, which passes the SDK in.
 *
 * - Every upload carries Content-MD5 (S3 refuses a corrupt body with BadDigest) and the returned
 *   ETag is compared with the MD5 we sent (catches servers that do not check Content-MD5), except
 *   with SSE-KMS, where S3's ETag is not the MD5.
 * - Conditional writes use PutObject If-Match / If-None-Match (supported by S3 since 2024-11).
 * - Throttling, 5xx and dropped connections are retried by the SDK's standard retry strategy
 *   (exponential backoff with jitter, `maxAttempts`); 409 ConditionalRequestConflict and failures
 *   while reading a response body are retried here.
 */
import type { ListObjectsV2CommandOutput, S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { etagFromMd5Base64, md5Base64, sameEtag } from "./checksum.js";
import type { ObjectMeta, Storage } from "./types.js";
import {
  ChecksumMismatchError,
  checkPath,
  PreconditionFailedError,
  StorageError,
  StorageOptionsError,
} from "./types.js";

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix, e.g. `news/` (a trailing slash is added when missing). Default: none. */
  prefix?: string;
  /** AWS region. Default: the SDK's own resolution (AWS_REGION...), or us-east-1 with an endpoint. */
  region?: string;
  /** S3-compatible endpoint, e.g. `http://127.0.0.1:4568`. Turns on path-style addressing. */
  endpoint?: string;
  /** A client to use instead of building one (its own region/endpoint settings apply). */
  client?: S3Client;
  /** Attempts per request for the SDK's retry strategy when it builds the client. Default 5. */
  maxAttempts?: number;
  /** Extra client settings (credentials, requestHandler...) when it builds the client. */
  clientConfig?: S3ClientConfig;
  /**
   * Compare each upload's returned ETag with the MD5 sent. Default true; turn off for
   * S3-compatible servers whose ETags are not MD5s (some encrypt-at-rest setups). S3 with SSE-KMS
   * is recognised and skipped automatically.
   */
  verifyEtag?: boolean;
}

/** The parts of `@aws-sdk/client-s3` the driver uses. */
export type S3Sdk = Pick<
  typeof import("@aws-sdk/client-s3"),
  | "S3Client"
  | "GetObjectCommand"
  | "HeadObjectCommand"
  | "PutObjectCommand"
  | "DeleteObjectCommand"
  | "ListObjectsV2Command"
>;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

interface AwsError {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  message?: string;
}

function status(error: unknown): number | undefined {
  return (error as AwsError)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string {
  const e = error as AwsError;
  return e?.name ?? e?.Code ?? "";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Checks S3 driver options; returns the normalised prefix. */
export function checkS3Options(options: S3StorageOptions): string {
  const problems: string[] = [];
  if (typeof options?.bucket !== "string" || !BUCKET.test(options.bucket)) {
    problems.push(
      `option 'bucket' must be an S3 bucket name (3-63 characters: a-z 0-9 . -), got ${JSON.stringify(options?.bucket)}`,
    );
  }
  const prefix = options?.prefix ?? "";
  if (prefix !== "" && !/^[^/\\][^\\]*$/.test(prefix)) {
    problems.push(`option 'prefix' must be relative (no leading slash), got ${JSON.stringify(prefix)}`);
  }
  if (options?.endpoint !== undefined) {
    let ok = false;
    try {
      const url = new URL(options.endpoint);
      ok = url.protocol === "http:" || url.protocol === "https:";
    } catch {}
    if (!ok)
      problems.push(`option 'endpoint' must be an http(s) URL, got ${JSON.stringify(options.endpoint)}`);
  }
  if (options?.region !== undefined && !/^[a-z0-9-]+$/.test(options.region)) {
    problems.push(`option 'region' must look like eu-west-1, got ${JSON.stringify(options.region)}`);
  }
  if (problems.length) throw new StorageOptionsError(`storage(s3): ${problems.join("; ")}`);
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}

export function createS3StorageWith(
  sdk: S3Sdk,
  options: S3StorageOptions,
): Storage & { readonly client: S3Client } {
  const { S3Client, GetObjectCommand, HeadObjectCommand, PutObjectCommand, DeleteObjectCommand } = sdk;
  const { ListObjectsV2Command } = sdk;
  const prefix = checkS3Options(options);
  const { bucket } = options;
  const client =
    options.client ??
    new S3Client({
      ...options.clientConfig,
      ...(options.region || options.endpoint ? { region: options.region ?? "us-east-1" } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      maxAttempts: options.maxAttempts ?? 5,
      retryMode: "standard",
    });
  const key = (path: string) => `${prefix}${checkPath(path)}`;
  const where = (path: string) => `s3://${bucket}/${prefix}${path}`;
  const fail = (what: string, path: string, error: unknown) =>
    new StorageError(
      `storage(s3): ${what} ${where(path)} failed: ${errorName(error) || "error"} ${(error as Error)?.message ?? ""}`.trim(),
      { path, cause: error },
    );
  const missing = (error: unknown) =>
    status(error) === 404 || ["NoSuchKey", "NotFound"].includes(errorName(error));

  return {
    kind: "s3",
    location: `s3://${bucket}/${prefix}`,
    client,
    async get(path) {
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(path) }));
          const body = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
          return {
            body,
            etag: out.ETag ?? "",
            size: body.byteLength,
            ...(out.ContentType ? { contentType: out.ContentType } : {}),
            ...(out.CacheControl ? { cacheControl: out.CacheControl } : {}),
          };
        } catch (error) {
          if (missing(error)) return undefined;
          // The SDK retries the request; a body cut off mid-read is retried here.
          if (status(error) === undefined && attempt < 3 && !(error instanceof StorageError)) {
            await sleep(100 * 2 ** attempt);
            continue;
          }
          throw fail("GET", path, error);
        }
      }
    },
    async head(path): Promise<ObjectMeta | undefined> {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key(path) }));
        return {
          etag: out.ETag ?? "",
          size: out.ContentLength ?? 0,
          ...(out.ContentType ? { contentType: out.ContentType } : {}),
          ...(out.CacheControl ? { cacheControl: out.CacheControl } : {}),
        };
      } catch (error) {
        if (missing(error)) return undefined;
        throw fail("HEAD", path, error);
      }
    },
    async put(path, body, putOptions) {
      const contentMd5 = putOptions.contentMd5 ?? md5Base64(body);
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key(path),
              Body: body,
              ContentType: putOptions.contentType,
              CacheControl: putOptions.cacheControl,
              ContentMD5: contentMd5,
              ...(putOptions.ifMatch ? { IfMatch: putOptions.ifMatch } : {}),
              ...(putOptions.ifNoneMatch ? { IfNoneMatch: putOptions.ifNoneMatch } : {}),
            }),
          );
          const expected = etagFromMd5Base64(contentMd5);
          const kms = (out.ServerSideEncryption ?? "").startsWith("aws:kms");
          if (options.verifyEtag !== false && !kms && out.ETag && !sameEtag(out.ETag, expected)) {
            throw new ChecksumMismatchError(
              `storage(s3): ${where(path)} was stored with ETag ${out.ETag}, expected ${expected}: the upload was corrupted; re-run the publish`,
              { path },
            );
          }
          return { etag: out.ETag ?? expected };
        } catch (error) {
          if (error instanceof StorageError) throw error;
          const name = errorName(error);
          const conditional = putOptions.ifMatch !== undefined || putOptions.ifNoneMatch !== undefined;
          if (conditional && (status(error) === 412 || name === "PreconditionFailed")) {
            throw new PreconditionFailedError(`storage(s3): ${where(path)} changed (precondition failed)`, {
              path,
              cause: error,
            });
          }
          if (putOptions.ifMatch !== undefined && missing(error)) {
            throw new PreconditionFailedError(`storage(s3): ${where(path)} no longer exists (If-Match)`, {
              path,
              cause: error,
            });
          }
          if (conditional && (status(error) === 409 || name === "ConditionalRequestConflict")) {
            if (attempt < 4) {
              await sleep(100 * 2 ** attempt);
              continue;
            }
            throw new PreconditionFailedError(`storage(s3): ${where(path)}: conflicting conditional writes`, {
              path,
              cause: error,
            });
          }
          if (name === "BadDigest" || name === "InvalidDigest") {
            throw new ChecksumMismatchError(`storage(s3): ${where(path)}: S3 refused the body (${name})`, {
              path,
              cause: error,
            });
          }
          throw fail("PUT", path, error);
        }
      }
    },
    async delete(path) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(path) }));
      } catch (error) {
        if (missing(error)) return;
        throw fail("DELETE", path, error);
      }
    },
    async list() {
      const paths: string[] = [];
      let token: string | undefined;
      do {
        let out: ListObjectsV2CommandOutput;
        try {
          out = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              ...(prefix ? { Prefix: prefix } : {}),
              ...(token ? { ContinuationToken: token } : {}),
            }),
          );
        } catch (error) {
          throw fail("LIST", "", error);
        }
        for (const object of out.Contents ?? []) {
          if (object.Key?.startsWith(prefix)) paths.push(object.Key.slice(prefix.length));
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return paths.sort();
    },
  };
}
