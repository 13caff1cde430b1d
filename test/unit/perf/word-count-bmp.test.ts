/** countWords classifies unseen characters a block at a time: the same as one by one, on every BMP character. */
import { describe, expect, it } from "vitest";
import { countWords } from "../../../functions/core/render/body/word-count.js";

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

describe("countWords on every BMP character", () => {
  it("counts a CJK character as a word, a letter inside a word, anything else as a separator", () => {
    const wrong: string[] = [];
    for (let c = 0x80; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      const expected = CJK_CHAR.test(ch) ? 3 : WORD_CHAR.test(ch) || c === 0x2019 ? 1 : 2;
      if (countWords(`a${ch}a`) !== expected) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
    expect(countWords("東京で新しい橋")).toBe(7);
    expect(countWords("don’t stop")).toBe(2);
  });
});
