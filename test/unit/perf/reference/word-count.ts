/* Reference copy of functions/core/render/body/word-count.ts as it was before the hot-path work (3bd9212). Do not optimise. */
/**
 * Word count of plain text. Rule: each Han, Hiragana or Katakana character counts as one word
 * (Chinese and Japanese are written without spaces); any other run of letters, digits and combining
 * marks (Latin, Cyrillic, Hangul, Arabic...) counts as one word, with inner apostrophes (' and ’),
 * hyphens and dots kept inside the word ("don't", "e-mail", "3.5").
 */

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SEPARATOR = 0;
const LETTER = 1;
const CJK = 2;
const JOINER = 3;
const ASCII_KIND = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const lower = c | 0x20;
  if ((c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a)) ASCII_KIND[c] = LETTER;
  else if (c === 0x27 || c === 0x2d || c === 0x2e) ASCII_KIND[c] = JOINER;
}

/** Words in plain text, by the rule above. One pass; ASCII is classified by table, not regex. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  let joiner = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind: number;
    if (c < 0x80) {
      kind = ASCII_KIND[c] ?? SEPARATOR;
    } else if (c === 0x2019) {
      kind = JOINER;
    } else {
      let char = text[i] as string;
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          char = text.slice(i, i + 2);
          i++;
        }
      }
      kind = CJK_CHAR.test(char) ? CJK : WORD_CHAR.test(char) ? LETTER : SEPARATOR;
    }
    if (kind === LETTER) {
      if (!inWord) count++;
      inWord = true;
      joiner = false;
    } else if (kind === JOINER && inWord && !joiner) {
      joiner = true;
    } else {
      if (kind === CJK) count++;
      inWord = false;
      joiner = false;
    }
  }
  return count;
}
