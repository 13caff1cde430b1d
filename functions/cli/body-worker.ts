/**
 * Worker thread entry of body-workers.ts: runs the renderer's body pass (`renderBody`) on batches of
 * [key, body, url] and answers [key, problems, text, wordCount] for each.
 */
import { parentPort } from "node:worker_threads";
import { renderBody } from "../core/markdown.js";

parentPort?.on("message", (batch: [key: string, body: string, url: string][]) => {
  const out = batch.map(([key, body, url]) => {
    const rendered = renderBody(body, url);
    return [key, rendered.problems, rendered.text, rendered.wordCount];
  });
  parentPort?.postMessage(out);
});
