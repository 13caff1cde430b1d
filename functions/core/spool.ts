/**
 * Where rendered bytes wait between rendering and the publishing engine's upload. A build renders
 * every per-article document while it loads (the body's Markdown is parsed once, for the checks and
 * the JSON-LD together), but must not write anything before every file is validated: the documents
 * wait here. In memory by default; a shell may spill to disk past a budget (cli/file-spool.ts), so
 * that memory does not grow with the archive.
 */
export interface Spool {
  /**
   * Keeps `bytes`; the returned reader gives them back (any number of times). Given `scratch` at
   * least as large as the bytes, a reader that must copy them (from disk) copies them into it and
   * returns a view of it, so that the caller can reuse one buffer for many reads.
   */
  store(bytes: Uint8Array): SpoolReader;
  /**
   * Optional: keeps `text` as UTF-8 without the caller encoding it first (a spool that writes to
   * disk can encode into a buffer of its own instead of allocating one per document). `bytes` is
   * a view of what was kept, valid until the next call (to hash it).
   */
  storeText?(text: string): { reader: SpoolReader; bytes: Uint8Array };
}

export type SpoolReader = (scratch?: Uint8Array) => Uint8Array;

/** Keeps everything in memory. */
export const memorySpool: Spool = { store: (bytes) => () => bytes };
