/**
 * Word count of plain text. Rule: each Han, Hiragana or Katakana character counts as one word
 * (Chinese and Japanese are written without spaces); any other run of letters, digits and combining
 * marks (Latin, Cyrillic, Hangul, Arabic...) counts as one word, with inner apostrophes (' and ’),
 * hyphens and dots kept inside the word ("don't", "e-mail", "3.5").
 */

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Kinds of characters; UNKNOWN marks a BMP character not classified yet. */
const UNKNOWN = 0;
const SEPARATOR = 1;
const LETTER = 2;
const CJK = 3;
const JOINER = 4;

/**
 * The kind of every BMP code unit, filled on first sight from the Unicode-property regexes (so
 * each distinct character is tested once per process); ASCII and ’ are set up front. Surrogates
 * stay UNKNOWN: a pair is classified as one character each time, a lone one is a separator.
 */
const KIND = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) {
  const lower = c | 0x20;
  if ((c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a)) KIND[c] = LETTER;
  else if (c === 0x27 || c === 0x2d || c === 0x2e) KIND[c] = JOINER;
  else KIND[c] = SEPARATOR;
}
KIND[0x2019] = JOINER;

function classify(char: string): number {
  return CJK_CHAR.test(char) ? CJK : WORD_CHAR.test(char) ? LETTER : SEPARATOR;
}

const CJK_ALL = new RegExp(CJK_CHAR.source, "gu");
const WORD_ALL = new RegExp(WORD_CHAR.source, "gu");

/**
 * Classifies the whole 256-character block of BMP code unit `c` at once (two global regex scans
 * of the block) rather than one character at a time: Japanese or Chinese text meets thousands of
 * distinct characters, and testing each alone cost ~45 ms per process. Same rule as classify().
 */
function classifyBlock(c: number): void {
  const start = c & 0xff00;
  if (start >= 0xd800 && start <= 0xdf00) return; // surrogates: classified in pairs by the caller
  let block = "";
  for (let u = start; u < start + 0x100; u++) block += String.fromCharCode(u);
  const kinds = new Uint8Array(0x100).fill(SEPARATOR);
  for (const match of block.matchAll(WORD_ALL)) kinds[match.index] = LETTER;
  for (const match of block.matchAll(CJK_ALL)) kinds[match.index] = CJK;
  for (let u = 0; u < 0x100; u++) if (KIND[start + u] === UNKNOWN) KIND[start + u] = kinds[u] as number;
}

/** Words in plain text, by the rule above. One pass; each letter run is skipped in a tight loop. */
export function countWords(text: string): number {
  const n = text.length;
  let count = 0;
  /** 0: outside a word; 1: in a word, after a letter; 2: in a word, after one joiner. */
  let state = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let kind = KIND[c] as number;
    if (kind === UNKNOWN) {
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          kind = classify(text.slice(i, i + 2));
          i++;
        } else {
          kind = SEPARATOR;
        }
      } else if (c >= 0xdc00 && c <= 0xdfff) {
        kind = SEPARATOR;
      } else {
        classifyBlock(c);
        kind = KIND[c] as number;
      }
    }
    i++;
    if (kind === LETTER) {
      if (state === 0) count++;
      state = 1;
      while (i < n && KIND[text.charCodeAt(i)] === LETTER) i++;
    } else if (kind === JOINER && state === 1) {
      state = 2;
    } else {
      if (kind === CJK) count++;
      state = 0;
    }
  }
  return count;
}
