/**
 * A tiny HTTP proxy on loopback in front of an S3-compatible server (s3rver) that can fail chosen
 * requests: answer 500 (or 503 SlowDown), reset the connection, or flip a byte of the body on the
 * way in. It records every request it sees, so tests can count what really went over the wire.
 * The Host header is forwarded unchanged, so SigV4 signatures made for the proxy still verify.
 *
 * s3rver ignores If-Match / If-None-Match on PutObject. With `conditionalWrites`, the proxy
 * applies them the way S3 documents (412 PreconditionFailed on a mismatch or an existing object
 * with `If-None-Match: *`, 404 NoSuchKey for If-Match on a missing object), checking the current
 * ETag with a HEAD and serialising conditional writes per key, so a lock can be exercised end to end
 * through the SDK. It is an emulation of S3's documented behaviour, not S3 itself.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault = "500" | "503" | "409" | "reset" | "corrupt";

export interface SeenRequest {
  /** 1-based order of arrival. */
  n: number;
  method: string;
  /** Path and query, e.g. `/bucket/feed.xml?x-id=PutObject`. */
  url: string;
  headers: IncomingMessage["headers"];
  /** The fault applied, if any. */
  fault?: Fault;
}

/** Chooses the fault for the `n`th request (1-based), or none. */
export type FaultPlan = (n: number, request: SeenRequest) => Fault | undefined;

export interface FaultProxy {
  endpoint: string;
  requests: SeenRequest[];
  /** Replaces the fault plan (and keeps counting from where it is). */
  setPlan(plan: FaultPlan | undefined): void;
  stop(): Promise<void>;
}

/** Fails request number `n` only. */
export const failNthRequest =
  (n: number, fault: Fault = "500"): FaultPlan =>
  (i) =>
    i === n ? fault : undefined;

const S3_ERROR = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>injected by fault-proxy</Message></Error>`;

export interface FaultProxyOptions {
  /** Emulate S3's conditional PutObject (see above). Default false. */
  conditionalWrites?: boolean;
}

export async function startFaultProxy(
  target: string,
  plan?: FaultPlan,
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const keyLocks = new Map<string, Promise<void>>();

  /** Runs `fn` after every earlier conditional write to the same key has finished. */
  async function serialised(key: string, fn: () => Promise<void>): Promise<void> {
    const before = keyLocks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => {});
    keyLocks.set(key, tail);
    await run;
    if (keyLocks.get(key) === tail) keyLocks.delete(key);
  }

  function headEtag(path: string): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const head = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: "HEAD", path },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200 ? String(res.headers.etag ?? "") : undefined);
        },
      );
      head.on("error", reject);
      head.end();
    });
  }
  const requests: SeenRequest[] = [];
  let current = plan;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const seen: SeenRequest = {
      n: requests.length + 1,
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
    };
    requests.push(seen);
    const fault = current?.(seen.n, seen);
    if (fault) seen.fault = fault;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (fault === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault === "500" || fault === "503") {
        const body = S3_ERROR(fault === "500" ? "InternalError" : "SlowDown");
        res.writeHead(Number(fault), {
          "content-type": "application/xml",
          "content-length": Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      const body = Buffer.concat(chunks);
      if (fault === "corrupt" && body.length > 0) {
        const i = body.length >> 1;
        body.writeUInt8(body.readUInt8(i) ^ 0x20, i);
      }
      if (fault === "409") {
        const xml = S3_ERROR("ConditionalRequestConflict");
        res.writeHead(409, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) });
        res.end(xml);
        return;
      }
      const forward = () =>
        new Promise<void>((done) => {
          const out = httpRequest(
            {
              host: upstream.hostname,
              port: upstream.port,
              method: req.method,
              path: req.url,
              headers: req.headers,
            },
            (up) => {
              res.writeHead(up.statusCode ?? 502, up.headers);
              up.pipe(res);
              up.on("end", () => done());
              up.on("error", () => done());
            },
          );
          out.on("error", () => {
            res.destroy();
            done();
          });
          out.end(body);
        });
      const ifMatch = req.headers["if-match"];
      const ifNoneMatch = req.headers["if-none-match"];
      if (
        !options.conditionalWrites ||
        req.method !== "PUT" ||
        (ifMatch === undefined && ifNoneMatch === undefined)
      ) {
        void forward();
        return;
      }
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      void serialised(path, async () => {
        const current = await headEtag(path).catch(() => undefined);
        const refuse = (status: number, code: string) => {
          const xml = S3_ERROR(code);
          res.writeHead(status, {
            "content-type": "application/xml",
            "content-length": Buffer.byteLength(xml),
          });
          res.end(xml);
        };
        if (ifNoneMatch === "*" && current !== undefined) return refuse(412, "PreconditionFailed");
        if (ifMatch !== undefined && current === undefined) return refuse(404, "NoSuchKey");
        if (ifMatch !== undefined && current !== ifMatch) return refuse(412, "PreconditionFailed");
        await forward();
      });
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setPlan(next) {
      current = next;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
