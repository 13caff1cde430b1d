/**
 * A load worker (see load-workers.ts): claims ranges of the shared files, loads each with the
 * core's `loadElsewhere` and renders the JSON-LD of each article the main thread would publish,
 * then sends each range's results back (document bytes transferred).
 */

import { writeSync } from "node:fs";
import { sha256Hex } from "../core/hash.js";
import { loadElsewhere } from "../core/load.js";
import type { SourceFile } from "../core/model.js";
import { renderArticleDocument } from "../core/render/index.js";
import type { LoadWorkerData, LoadWorkerMessage, SentDocument, SentFile } from "./load-workers.js";
import { diskFile } from "./read-content.js";

function sourceFile([path, from]: SentFile): SourceFile {
  return typeof from === "string" ? diskFile(path, from) : { path, bytes: from };
}

export function runLoadWorker(data: LoadWorkerData): void {
  const { files, site, now, range, port } = data;
  const counters = new Int32Array(data.state);
  const ranges = Math.ceil(files.length / range);
  /** Where the next document goes in the spill file. */
  let spilled = 0;
  const send = (message: LoadWorkerMessage, transfer: ArrayBuffer[] = []) => {
    port.postMessage(message, transfer);
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  };
  let r = Atomics.add(counters, 0, 1);
  // Started: see ShareOptions.afterWorkers.
  Atomics.add(counters, 2, 1);
  Atomics.notify(counters, 2);
  for (; r < ranges; r = Atomics.add(counters, 0, 1)) {
    const results: Extract<LoadWorkerMessage, { range: number }>["results"] = [];
    const transfer: ArrayBuffer[] = [];
    /** The range's documents, written to the spill file together. */
    const pending: Uint8Array[] = [];
    const start = spilled;
    for (let index = r * range; index < Math.min(files.length, (r + 1) * range); index++) {
      let document: SentDocument | undefined;
      const loaded = loadElsewhere(sourceFile(files[index] as SentFile), site, (article, facts) => {
        if (article.draft || article.publishedMs > now) return;
        const bytes = renderArticleDocument(site, article, facts);
        document = { sha256: sha256Hex(bytes), size: bytes.byteLength };
        if (data.spill === undefined) {
          document.bytes = bytes;
          transfer.push(bytes.buffer as ArrayBuffer);
        } else {
          document.offset = spilled;
          spilled += bytes.byteLength;
          pending.push(bytes);
        }
      });
      results.push(document ? [index, loaded, document] : [index, loaded]);
    }
    if (data.spill !== undefined && pending.length > 0) {
      const all = Buffer.concat(pending);
      for (let written = 0; written < all.byteLength; ) {
        written += writeSync(data.spill, all, written, all.byteLength - written, start + written);
      }
    }
    send({ range: r, results }, transfer);
  }
  port.close();
}
