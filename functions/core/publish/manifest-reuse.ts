/**
 * The publish lock (publish/index.ts, step 2) is the stored manifest with a new head (generation,
 * state, publishId, pending, invalidate) and the same `files`. When the stored bytes have
 * serializeManifest's form, their `headers` and `files` are those bytes exactly, so they are
 * reused as they are instead of serialising every file again (~18 ms of a cold run at 10,000
 * articles). The result is always serializeManifest's: any stored form this check does not
 * recognise is serialised in full.
 */
import { headLines, type Manifest, serializeManifest } from "./manifest.js";

const encoder = new TextEncoder();
const HEADERS_KEY = '\n  "headers": [';
const FILES_KEY = '],\n  "files": {';
const FILES_END = "\n  }\n}\n";
const JSON_STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;
/** serializeManifest's `headers` member, then the opening of `files`, and nothing else. */
const HEADERS_FORM = new RegExp(
  String.raw`^\n  "headers": \[(?:\n    \[${JSON_STRING},${JSON_STRING}\](?:,(?=\n))?)*(?:\n  )?\],\n  "files": \{$`,
);

/**
 * The bytes of `stored` from its `headers` member to the end, when they are serializeManifest's
 * `headers` and `files` and nothing else: the headers in their form, then a files object that
 * holds no brace (so it cannot close early and let another member follow) and ends the document.
 */
export function storedFilesTail(stored: Uint8Array): Uint8Array | undefined {
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const start = bytes.indexOf(HEADERS_KEY);
  if (start < 0) return undefined;
  const filesKey = bytes.indexOf(FILES_KEY, start);
  if (filesKey < 0) return undefined;
  const open = filesKey + FILES_KEY.length;
  if (!HEADERS_FORM.test(bytes.toString("utf8", start, open))) return undefined;
  if (bytes.indexOf("{", open) >= 0) return undefined;
  // The first brace after the opening of `files` is its end, and only "\n}\n" follows it.
  const close = bytes.indexOf("}", open);
  if (close !== bytes.length - 4 || bytes.toString("latin1", close) !== "}\n}\n") return undefined;
  if (close !== open && bytes.toString("latin1", close - 3) !== FILES_END) return undefined;
  return bytes.subarray(start);
}

/**
 * serializeManifest(manifest) for a manifest whose `files` are the ones parsed from `stored`
 * (the caller's promise: the lock's files are the previous manifest's, untouched).
 */
export function serializeWithStoredFiles(manifest: Manifest, stored: Uint8Array | undefined): Uint8Array {
  const tail = stored && storedFilesTail(stored);
  if (!tail) return serializeManifest(manifest);
  const head = encoder.encode(`{\n${headLines(manifest).join(",\n")},`);
  const out = new Uint8Array(head.byteLength + tail.byteLength);
  out.set(head);
  out.set(tail, head.byteLength);
  return out;
}
