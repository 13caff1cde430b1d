/**
 * A Spool (core/spool.ts) that keeps the first `memoryBytes` in memory and appends the rest to a
 * temporary file, read back on demand. A full build of 50,000 articles renders ~430 MB of JSON-LD
 * before the first write (nothing is written until every file is validated); this keeps the
 * process's memory bounded while the page cache absorbs the rest.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Spool, SpoolReader } from "../core/spool.js";

export interface FileSpool extends Spool {
  /** Bytes held in memory and on disk so far. */
  readonly stats: { memoryBytes: number; diskBytes: number };
  storeText(text: string): { reader: SpoolReader; bytes: Uint8Array };
  /**
   * Another temporary file, for bytes another thread appends itself (load-workers.ts): its
   * descriptor (valid in every thread of the process) and readers of the ranges written there.
   * Deleted, like the spool's own, by `close`.
   */
  extraFile(): { fd: number; reader(offset: number, length: number): SpoolReader };
  /** Deletes the temporary files (bytes stored on disk cannot be read afterwards). */
  close(): void;
}

export function createFileSpool(memoryBytes = 8 * 1024 * 1024, dir = tmpdir()): FileSpool {
  const stats = { memoryBytes: 0, diskBytes: 0 };
  const folders: string[] = [];
  const extra: number[] = [];
  let fd: number | undefined;
  const state = { closed: false };
  /** storeText's buffer for documents bound for the disk: no allocation per document. */
  let scratch = Buffer.allocUnsafeSlow(0);
  const newFile = () => {
    const folder = mkdtempSync(join(dir, "feedpub-spool-"));
    const opened = openSync(join(folder, "spool"), "w+", 0o600);
    // Unlinked at once where the system allows reading an unlinked open file (not Windows):
    // a process killed mid-build then leaves nothing behind in the temporary folder.
    if (process.platform !== "win32") rmSync(folder, { recursive: true, force: true });
    else folders.push(folder);
    return opened;
  };
  const file = () => {
    fd ??= newFile();
    return fd;
  };
  const spill = (bytes: Uint8Array): SpoolReader => {
    const handle = file();
    const offset = stats.diskBytes;
    let written = 0;
    while (written < bytes.byteLength) {
      written += writeSync(handle, bytes, written, bytes.byteLength - written, offset + written);
    }
    stats.diskBytes += bytes.byteLength;
    return onDisk(handle, offset, bytes.byteLength, state);
  };
  return {
    stats,
    store(bytes) {
      if (stats.memoryBytes + bytes.byteLength <= memoryBytes) {
        stats.memoryBytes += bytes.byteLength;
        return inMemory(bytes);
      }
      return spill(bytes);
    },
    storeText(text) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit; a text that surely fits is encoded once.
      if (stats.memoryBytes + text.length * 3 <= memoryBytes) {
        const bytes = Buffer.from(text, "utf8");
        return { reader: this.store(bytes), bytes };
      }
      if (scratch.byteLength < text.length * 3)
        scratch = Buffer.allocUnsafeSlow(Math.max(65_536, text.length * 3));
      const bytes = scratch.subarray(0, scratch.write(text));
      // Straight to disk: the scratch buffer is written over by the next call.
      return { reader: spill(bytes), bytes };
    },
    extraFile() {
      const handle = newFile();
      extra.push(handle);
      return { fd: handle, reader: (offset, length) => onDisk(handle, offset, length, state) };
    },
    close() {
      state.closed = true;
      if (fd !== undefined) closeSync(fd);
      for (const handle of extra.splice(0)) closeSync(handle);
      for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
      fd = undefined;
    },
  };
}

// The readers are made by separate functions on purpose: closures created in one scope share its
// context in V8, so a disk reader made beside `() => bytes` would keep the bytes alive too.
function inMemory(bytes: Uint8Array): SpoolReader {
  return () => bytes;
}

function onDisk(handle: number, offset: number, length: number, state: { closed: boolean }): SpoolReader {
  return (scratch) => {
    if (state.closed) throw new Error("spool: read after close");
    const out =
      scratch && scratch.byteLength >= length ? scratch.subarray(0, length) : Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(handle, out, read, length - read, offset + read);
      if (n === 0) throw new Error("spool: the temporary file is shorter than what was written");
      read += n;
    }
    return out;
  };
}
