/**
 * Where rendered bytes wait between rendering and the publishing engine's upload. A build renders
 * every per-article document while it loads (the body's Markdown is parsed once, for the checks and
 * the JSON-LD together), but must not write anything before every file is validated: the documents
 * wait here. In memory by default; a shell may spill to disk past a budget (cli/file-spool.ts), so
 * that memory does not grow with the archive.
 */
export interface Spool {
  /** Keeps `bytes`; the returned function gives them back (any number of times). */
  store(bytes: Uint8Array): () => Uint8Array;
}

/** Keeps everything in memory. */
export const memorySpool: Spool = { store: (bytes) => () => bytes };
