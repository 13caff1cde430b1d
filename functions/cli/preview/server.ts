/**
 * `feedpub preview`'s HTTP server: serves an output folder on loopback with the headers the
 * CDN sends (Content-Type, Cache-Control, CORS, security headers, ETag/Last-Modified, 304,
 * br/gzip) and the same feed human-view rule (negotiate.ts). Optional live reload for --watch.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve, sep } from "node:path";
import { performance } from "node:perf_hooks";
import { cacheControlFor, contentTypeFor } from "../../core/media-types.js";
import { htmlViewFor } from "../../core/negotiate.js";
import { encodedEtag, etagFor, httpDate, isNotModified } from "./conditional.js";
import { CompressionCache, isCompressible, MIN_COMPRESS_BYTES, negotiateEncoding } from "./encoding.js";
import {
  ALLOWED_METHODS,
  corsHeaders,
  isNegotiatedPath,
  preflightHeaders,
  SECURITY_HEADERS,
} from "./headers.js";
import {
  EVENTS_PATH,
  injectLiveReload,
  LIVE_RELOAD_PREFIX,
  LIVE_RELOAD_SCRIPT,
  LiveReloadHub,
  SCRIPT_PATH,
} from "./live-reload.js";
import { notFoundBody } from "./not-found.js";
import { resolveRequestPath } from "./safe-path.js";

export interface PreviewServerOptions {
  /** Folder to serve. */
  root: string;
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 8080 */
  port?: number;
  /** One line per request (`GET /feed.xml 200 1.3ms`); omit for quiet. */
  log?: (line: string) => void;
  /** Serve `/__feedpub/events` and inject the reload script into HTML. @default false */
  liveReload?: boolean;
}

export interface PreviewServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:8080/` */
  readonly url: string;
  /** Tell live-reload browsers that these output paths changed. */
  reload(paths: readonly string[]): void;
  close(): Promise<void>;
}

/** Raised when the server cannot listen (port in use, no permission), with a message for a person. */
export class PreviewListenError extends Error {
  override readonly name = "PreviewListenError";
}

type Headers = Record<string, string>;

function send(res: ServerResponse, status: number, headers: Headers, body?: string | Uint8Array): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  if (bytes && !("content-length" in headers)) headers["content-length"] = String(bytes.byteLength);
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(res.req.method === "HEAD" ? undefined : bytes);
}

function sendText(res: ServerResponse, status: number, text: string, extra: Headers = {}): void {
  send(
    res,
    status,
    { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra },
    text,
  );
}

function headerOf(req: IncomingMessage): (name: string) => string | undefined {
  return (name) => {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  };
}

function within(root: string, full: string): boolean {
  return full === root || full.startsWith(root + sep);
}

interface Handler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  hub?: LiveReloadHub;
}

function createHandler(rootDir: string, liveReload: boolean): Handler {
  const root = resolve(rootDir);
  const cache = new CompressionCache();
  const hub = liveReload ? new LiveReloadHub() : undefined;

  async function serveFile(req: IncomingMessage, res: ServerResponse, requested: string): Promise<void> {
    const header = headerOf(req);
    const view = htmlViewFor(requested, header);
    const path = view ?? requested;
    const full = join(root, path);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(full);
      const real = await realpath(full);
      if (!within(await realpath(root), real)) throw Object.assign(new Error("outside"), { code: "ENOENT" });
    } catch {
      return sendText(res, 404, await notFoundBody(root, `/${requested}`), corsHeaders(requested));
    }
    if (info.isDirectory()) {
      const query = (req.url ?? "").slice((req.url ?? "").search(/[?#]|$/));
      return sendText(res, 301, `Moved to /${path}/\n`, { location: `/${path}/${query}` });
    }
    const contentType = contentTypeFor(path);
    let body: Uint8Array = await readFile(full);
    if (hub && contentType.startsWith("text/html")) body = injectLiveReload(body);
    const etag = etagFor(body);
    const vary = [
      ...(isNegotiatedPath(requested) ? ["Accept", "Sec-Fetch-Mode", "Sec-Fetch-Dest"] : []),
      ...(isCompressible(contentType) ? ["Accept-Encoding"] : []),
    ];
    const encoding =
      isCompressible(contentType) && body.byteLength >= MIN_COMPRESS_BYTES
        ? negotiateEncoding(header("accept-encoding"))
        : undefined;
    const headers: Headers = {
      "cache-control": cacheControlFor(path),
      etag: encodedEtag(etag, encoding),
      "last-modified": httpDate(info.mtimeMs),
      ...corsHeaders(requested),
      ...(vary.length > 0 ? { vary: vary.join(", ") } : {}),
    };
    if (isNotModified(header("if-none-match"), header("if-modified-since"), etag, info.mtimeMs)) {
      return send(res, 304, headers);
    }
    const bytes = encoding ? cache.get(etag, body, encoding) : body;
    headers["content-type"] = contentType;
    if (encoding) headers["content-encoding"] = encoding;
    send(res, 200, headers, bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const target = req.url ?? "/";
    if (hub && target.startsWith(LIVE_RELOAD_PREFIX) && (method === "GET" || method === "HEAD")) {
      const bare = target.replace(/[?#].*$/, "");
      if (bare === EVENTS_PATH) {
        if (method === "GET") return hub.connect(req, res);
        return send(res, 200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
        });
      }
      if (bare === SCRIPT_PATH) {
        return send(
          res,
          200,
          { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" },
          LIVE_RELOAD_SCRIPT,
        );
      }
    }
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
      return sendText(res, 405, `405 Method Not Allowed: ${method}. Use ${ALLOWED_METHODS}.\n`, {
        allow: ALLOWED_METHODS,
      });
    }
    const resolved = resolveRequestPath(target);
    if (resolved.kind !== "ok") {
      const status = { "bad-request": 400, forbidden: 403, hidden: 404 }[resolved.kind];
      const title = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found" }[status];
      return sendText(res, status, `${status} ${title}: ${resolved.reason}\n`);
    }
    const path =
      resolved.path === "" || resolved.directory
        ? `${resolved.path}${resolved.path ? "/" : ""}index.html`
        : resolved.path;
    if (method === "OPTIONS") return send(res, 204, { allow: ALLOWED_METHODS, ...preflightHeaders(path) });
    return serveFile(req, res, path);
  }

  return { handle, ...(hub ? { hub } : {}) };
}

/** Starts the server; resolves once it listens. */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? "127.0.0.1";
  const { handle, hub } = createHandler(options.root, options.liveReload ?? false);
  const log = options.log;
  const server = createServer((req, res) => {
    const started = performance.now();
    if (log) {
      res.on("finish", () => {
        const ms = (performance.now() - started).toFixed(1);
        log(`${req.method} ${req.url} ${res.statusCode} ${ms}ms`);
      });
    }
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendText(res, 500, `500 Internal Server Error: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${host}:${options.port ?? 8080}`;
      if (error.code === "EADDRINUSE") {
        fail(
          new PreviewListenError(
            `port ${options.port ?? 8080} is already in use on ${host}; stop the other server or pass --port <n> (0 picks a free port)`,
          ),
        );
      } else if (error.code === "EACCES") {
        fail(new PreviewListenError(`no permission to listen on ${where}; use a port above 1023`));
      } else {
        fail(new PreviewListenError(`cannot listen on ${where}: ${error.message}`));
      }
    });
    server.listen(options.port ?? 8080, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    server,
    host,
    port,
    url: `http://${shown}:${port}/`,
    reload: (paths) => hub?.notify(paths),
    close: () =>
      new Promise<void>((done) => {
        hub?.close();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
