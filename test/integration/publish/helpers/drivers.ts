/**
 * The engine scenarios run on the local-folder driver and on the S3 driver against s3rver. Each case
 * counts the requests that really reached the backend, independently of the engine's own count:
 * for the folder through a wrapper, for S3 on the wire through a (fault-free) proxy.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFsStorage } from "../../../../functions/storage/fs.js";
import { createS3Storage } from "../../../../functions/storage/s3.js";
import type { Storage } from "../../../../functions/storage/types.js";
import {
  type FaultPlan,
  type FaultProxy,
  type FaultProxyOptions,
  startFaultProxy,
} from "../../../helpers/fault-proxy.js";
import { createS3rverClient, type RunningS3rver, startS3rver } from "../../../helpers/s3rver.js";
import { wrapStorage } from "./storage-wrappers.js";

export interface Counts {
  reads: number;
  writes: number;
  deletes: number;
}

export interface DriverUnderTest {
  storage: Storage;
  /** Requests that reached the backend since the last reset. */
  counts(): Counts;
  resetCounts(): void;
}

export interface DriverCase {
  name: string;
  create(): Promise<DriverUnderTest>;
  /** Stops servers and removes temp folders. */
  close(): Promise<void>;
}

export function fsCase(): DriverCase {
  const roots: string[] = [];
  return {
    name: "fs",
    async create() {
      const root = await mkdtemp(join(tmpdir(), "feedpub-publish-"));
      roots.push(root);
      const storage = wrapStorage(createFsStorage({ root }));
      let from = 0;
      return {
        storage,
        counts() {
          const calls = storage.calls.slice(from);
          return {
            reads: calls.filter((c) => ["get", "head", "list"].includes(c.method)).length,
            writes: calls.filter((c) => c.method === "put").length,
            deletes: calls.filter((c) => c.method === "delete").length,
          };
        },
        resetCounts() {
          from = storage.calls.length;
        },
      };
    },
    async close() {
      await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
    },
  };
}

export const BUCKET = "feeds";

export interface S3Case extends DriverCase {
  server(): RunningS3rver;
  /** A storage reached through a fault proxy (retries as given; SDK default 3). */
  createBehindProxy(
    plan?: FaultPlan,
    maxAttempts?: number,
    prefix?: string,
    proxyOptions?: FaultProxyOptions,
  ): Promise<{ storage: Storage; proxy: FaultProxy }>;
}

export function s3Case(): S3Case {
  let server: RunningS3rver | undefined;
  const proxies: FaultProxy[] = [];
  const clients: { destroy(): void }[] = [];
  let n = 0;
  const start = async () => {
    server ??= await startS3rver({ buckets: [BUCKET] });
    return server;
  };
  const createBehindProxy = async (
    plan?: FaultPlan,
    maxAttempts = 3,
    prefix = `site-${n++}/`,
    proxyOptions: FaultProxyOptions = {},
  ) => {
    const s3 = await start();
    const proxy = await startFaultProxy(s3.endpoint, plan, proxyOptions);
    proxies.push(proxy);
    const client = createS3rverClient(proxy.endpoint, maxAttempts);
    clients.push(client);
    return { storage: createS3Storage({ bucket: BUCKET, prefix, client }), proxy };
  };
  return {
    name: "s3 (s3rver)",
    server: () => {
      if (!server) throw new Error("s3rver not started");
      return server;
    },
    createBehindProxy,
    async create() {
      const { storage, proxy } = await createBehindProxy();
      let from = 0;
      return {
        storage,
        counts() {
          const seen = proxy.requests.slice(from);
          return {
            reads: seen.filter((r) => r.method === "GET" || r.method === "HEAD").length,
            writes: seen.filter((r) => r.method === "PUT" || r.method === "POST").length,
            deletes: seen.filter((r) => r.method === "DELETE").length,
          };
        },
        resetCounts() {
          from = proxy.requests.length;
        },
      };
    },
    async close() {
      for (const c of clients) c.destroy();
      await Promise.all(proxies.map((p) => p.stop()));
      await server?.stop();
    },
  };
}
