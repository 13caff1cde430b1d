/**
 * A generated corpus (scripts/bench/corpus.ts) plus articles full of what breaks feeds: CJK, emoji,
 * C1 control characters, `]]>`, `</script>`, RTL and bidi marks, raw HTML, entity look-alikes.
 * Every article is valid, so the whole corpus publishes.
 */

import type { SourceFile } from "../../../functions/core/model.js";
import { generateCorpus } from "../../../scripts/bench/corpus.js";

const encoder = new TextEncoder();

const HOSTILE_BODIES = [
  "東京で新しい橋が開通した。住民は「便利になった」と話す。\n\n## 背景\n\n工事は三年かかった。[詳細](/world/detail) を参照。",
  "Emoji 🎉🇵🇹👩🏽‍🔬 and a lone ZWJ \u200d in text. Surrogate pair 𝕏 math.\n\n- item 🍣\n- item ✅",
  "C1 controls \u0085 NEL, \u0080 and \u009f, DEL \u007f, tab\tinside.\n\nCDATA end ]]> and again ]]]]>< in text.",
  'Script end </script><script>alert(1)</script> and <style>body{}</style> raw.\n\n<div onclick="x()">block html</div>',
  "RTL \u202eevil\u202c override, \u200f RLM, \u200e LRM, Arabic مرحبا and Hebrew שלום.\n\n> quote with \u2028 line and \u2029 paragraph separators",
  'Entities &amp; &lt;tag&gt; &#x41; &bogus; and < > & " \' raw.\n\n```js\nconst s = "</script>";\n```\n\n[rel](../up?q=1&r=2#frag) ![img](pic.png "t")',
];

/** `count` generated articles plus the hostile ones (see below). */
export function hostileCorpus(count: number, seed = 7): SourceFile[] {
  const files = generateCorpus({ articles: count, seed }).map((f) => ({
    path: f.path,
    bytes: encoder.encode(f.text),
  }));
  // Each hostile body twice: dated newest (in the feeds, rendered to HTML) and dated old (outside
  // every feed, so only its JSON-LD is rendered).
  HOSTILE_BODIES.forEach((body, i) => {
    for (const [name, published] of [
      [`h-${i}`, `2026-11-26T1${i}:00:00+09:00`],
      [`old-${i}`, `2001-02-0${i + 1}T08:00:00-05:00`],
    ] as const) {
      const front = [
        "---",
        `title: "Hostile ${i} ]]> </script> \u202e 🎉 東京"`,
        `published: ${published}`,
        "section: world",
        `summary: "Summary ${i} with ]]> and </script> and \u0085"`,
        "---",
      ].join("\n");
      files.push({ path: `articles/hostile/${name}.md`, bytes: encoder.encode(`${front}\n\n${body}\n`) });
    }
  });
  return files;
}
