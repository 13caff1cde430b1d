/**
 * A tiny HTTP proxy on loopback in front of an S3-compatible server (s3rver) that can fail chosen
 * requests: answer 500 (or 503 SlowDown), reset the connection, or flip a byte of the body on the
 * way in. It records every request it sees, so tests can count what really went over the wire.
 * The Host header is forwarded unchanged, so SigV4 signatures made for the proxy still verify.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault = "500" | "503" | "reset" | "corrupt";

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

export async function startFaultProxy(target: string, plan?: FaultPlan): Promise<FaultProxy> {
  const upstream = new URL(target);
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
      if (fault === "corrupt" && body.length > 0) body[body.length >> 1] ^= 0x20;
      const forward = httpRequest(
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
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
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
