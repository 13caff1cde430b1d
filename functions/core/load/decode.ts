/**
 * Strict UTF-8 decoding of a content file. A file that is not valid UTF-8 is an error that names
 * the line and column of the first bad byte (an editor saved it as Latin-1 or Windows-1252).
 */

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; line: number; column: number; byte: number; offset: number };

/** Decodes `bytes` as UTF-8, stripping a leading BOM. Never throws. */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    // Column in characters: the valid prefix of the line decodes cleanly.
    const prefix = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset));
    const column = (line === 1 ? prefix.replace(/^\uFEFF/, "") : prefix).length + 1;
    return { ok: false, line, column, byte: bytes[offset] ?? 0, offset };
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (bytes.length if none). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      // E0 needs A0..BF (no overlongs); ED needs 80..9F (no surrogates).
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return n;
}
