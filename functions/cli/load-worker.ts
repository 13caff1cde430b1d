/**
 * A load worker (see load-workers.ts): claims ranges of the shared files, loads each with the
 * core's `loadElsewhere` and renders the JSON-LD of each article the main thread would publish,
 * then sends each range's results back (document bytes transferred).
 */

import { writeSync } from "node:fs";
import { sha256Hex } from "../core/hash.js";
import { loadElsewhere } from "../core/load.js";
import type { SourceFile } from "../core/model.js";
import { renderArticleDocument, renderArticleText } from "../core/render/index.js";
import type { LoadWorkerData, LoadWorkerMessage, SentDocument, SentFile } from "./load-workers.js";
import { diskFile } from "./read-content.js";

function sourceFile([path, from]: SentFile): SourceFile {
  return typeof from === "string" ? diskFile(path, from) : { path, bytes: from };
}

export function runLoadWorker(data: LoadWorkerData): void {
  const { files, site, now, range, port } = data;
  const counters = new Int32Array(data.state);
  const ranges = Math.ceil(files.length / range);
  /** The spill file's length once every document so far is written. */
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
  /**
   * Documents bound for the spill file are encoded into this one buffer and written when it fills
   * (and at the end of each range), so that the worker allocates nothing per document: buffers
   * allocated in one thread and freed later stay in that thread's malloc arena (a 50,000-article
   * build peaked 20–30 MiB lower with MALLOC_ARENA_MAX=1 than with 8, measured).
   */
  let buffer = Buffer.allocUnsafeSlow(data.spill === undefined ? 0 : 1024 * 1024);
  let used = 0;
  const flush = () => {
    if (data.spill === undefined) return;
    for (let written = 0; written < used; ) {
      written += writeSync(data.spill, buffer, written, used - written, spilled - used + written);
    }
    used = 0;
  };
  for (; r < ranges; r = Atomics.add(counters, 0, 1)) {
    const results: Extract<LoadWorkerMessage, { range: number }>["results"] = [];
    const transfer: ArrayBuffer[] = [];
    for (let index = r * range; index < Math.min(files.length, (r + 1) * range); index++) {
      let document: SentDocument | undefined;
      const loaded = loadElsewhere(sourceFile(files[index] as SentFile), site, (article, facts) => {
        if (article.draft || article.publishedMs > now) return;
        if (data.spill === undefined) {
          const bytes = renderArticleDocument(site, article, facts);
          document = { sha256: sha256Hex(bytes), size: bytes.byteLength, bytes };
          transfer.push(bytes.buffer as ArrayBuffer);
          return;
        }
        const text = renderArticleText(site, article, facts);
        // UTF-8 takes at most 3 bytes per UTF-16 code unit.
        if (buffer.byteLength - used < text.length * 3) {
          flush();
          if (buffer.byteLength < text.length * 3) buffer = Buffer.allocUnsafeSlow(text.length * 3);
        }
        const size = buffer.write(text, used);
        document = { sha256: sha256Hex(buffer.subarray(used, used + size)), size, offset: spilled };
        used += size;
        spilled += size;
      });
      results.push(document ? [index, loaded, document] : [index, loaded]);
    }
    // Written before the range is announced: the main thread may read it back at once.
    flush();
    send({ range: r, results }, transfer);
  }
  port.close();
}
