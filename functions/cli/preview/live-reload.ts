/**
 * Live reload for `feedpub preview --watch`: a Server-Sent Events stream at
 * `/__feedpub/events` and a tiny script the preview server injects into HTML responses.
 * Nothing here is ever written to the output folder.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const LIVE_RELOAD_PREFIX = "/__feedpub/";
export const EVENTS_PATH = "/__feedpub/events";
export const SCRIPT_PATH = "/__feedpub/live-reload.js";

/** Served as a same-origin file rather than inline, so a `script-src 'self'` policy still allows it. */
export const LIVE_RELOAD_SCRIPT = `// feedpub preview: reload this page when the site is rebuilt.
(() => {
  const source = new EventSource(${JSON.stringify(EVENTS_PATH)});
  source.addEventListener("reload", () => location.reload());
})();
`;

const TAG = `<script src="${SCRIPT_PATH}" defer></script>`;

/** The HTML with the live-reload script tag before `</body>` (or appended when there is none). */
export function injectLiveReload(html: Uint8Array): Uint8Array {
  const text = Buffer.from(html).toString("utf8");
  const at = text.toLowerCase().lastIndexOf("</body>");
  const out = at === -1 ? `${text}${TAG}\n` : `${text.slice(0, at)}${TAG}\n${text.slice(at)}`;
  return Buffer.from(out, "utf8");
}

/** Connected browsers; `notify` tells each to reload. */
export class LiveReloadHub {
  readonly #clients = new Set<ServerResponse>();

  /** Opens an event stream for one browser. */
  connect(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-content-type-options": "nosniff",
    });
    res.write("retry: 1000\n: connected\n\n");
    this.#clients.add(res);
    const drop = () => this.#clients.delete(res);
    req.on("close", drop);
    res.on("close", drop);
  }

  /** Sends a `reload` event with the changed paths to every connected browser. */
  notify(paths: readonly string[]): void {
    const data = JSON.stringify({ paths });
    for (const client of this.#clients) client.write(`event: reload\ndata: ${data}\n\n`);
  }

  get clients(): number {
    return this.#clients.size;
  }

  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
