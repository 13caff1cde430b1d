/**
 * Splits an article into its YAML front matter and Markdown body. The front matter sits between
 * a first line `---` and the next line `---` (CRLF accepted). Offsets are into the decoded text
 * so that problems can be positioned in the original file.
 */

export type FrontMatterSplit =
  | {
      ok: true;
      /** The YAML between the fences. */
      yaml: string;
      /** Offset of `yaml` in the text. */
      yamlOffset: number;
      body: string;
      /** 1-based line of the body's first line. */
      bodyLine: number;
    }
  | {
      ok: false;
      code: "front-matter.missing" | "front-matter.unterminated";
      message: string;
      offset: number;
    };

const OPENING = /^---[ \t]*(\r?\n|$)/;
const CLOSING = /\n---[ \t]*(\r?\n|$)/g;

export function splitFrontMatter(text: string): FrontMatterSplit {
  const open = OPENING.exec(text);
  if (!open) {
    return {
      ok: false,
      code: "front-matter.missing",
      message:
        "missing front matter: the file must start with a line '---', then fields such as 'title:' and 'published:', then a closing '---'",
      offset: 0,
    };
  }
  const yamlOffset = open[0].length;
  CLOSING.lastIndex = yamlOffset - 1;
  const close = yamlOffset > 3 ? CLOSING.exec(text) : null;
  if (!close) {
    return {
      ok: false,
      code: "front-matter.unterminated",
      message: "front matter is never closed: add a line '---' after the last field, before the article text",
      offset: 0,
    };
  }
  const bodyOffset = close.index + close[0].length;
  let bodyLine = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < bodyOffset; i = text.indexOf("\n", i + 1)) bodyLine++;
  return {
    ok: true,
    yaml: text.slice(yamlOffset, close.index + 1),
    yamlOffset,
    body: text.slice(bodyOffset),
    bodyLine,
  };
}
