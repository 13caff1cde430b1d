/**
 * s3rver (a real S3 HTTP API, backed by a folder) on loopback for integration tests: a random free
 * port, a fresh temp directory, silent. The returned client talks to it with path-style URLs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as S3rverConstructor;

/** s3rver's fixed account. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
export const S3RVER_REGION = "us-east-1";

export interface StartS3rverOptions {
  /** Buckets created before the server starts. Default: `["test-bucket"]`. */
  buckets?: string[];
}

export interface RunningS3rver {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  client: S3Client;
  stop(): Promise<void>;
}

/** A client for an S3-compatible endpoint on loopback (path-style, s3rver's credentials). */
export function createS3rverClient(endpoint: string, maxAttempts = 3): S3Client {
  return new S3Client({
    endpoint,
    region: S3RVER_REGION,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    maxAttempts,
  });
}

export async function startS3rver(options: StartS3rverOptions = {}): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), "feedpub-s3rver-"));
  const buckets = options.buckets ?? ["test-bucket"];
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = createS3rverClient(endpoint);
  let stopped = false;
  return {
    endpoint,
    client,
    async stop() {
      if (stopped) return;
      stopped = true;
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
