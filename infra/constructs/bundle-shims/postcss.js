// Replaces postcss in the Lambda bundles (BUNDLING.alias in ../feedpub-function.ts). sanitize-html
// requires postcss only to parse `style` attributes; functions/core/render/body/sanitize.ts turns
// that off (parseStyleAttributes: false) and filters styles itself, so this is never called.
// Were it called, sanitize-html would catch the error and drop the style attribute (fail-safe),
// and test/unit/bundles.test.ts, which compares the bundled core with the source, would fail.
function unavailable() {
  throw new Error(
    "feedpub: postcss is not bundled (sanitize-html must run with parseStyleAttributes: false)",
  );
}

export const parse = unavailable;
export default { parse: unavailable };
