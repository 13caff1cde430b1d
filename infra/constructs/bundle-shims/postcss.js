// Replaces postcss in the Lambda bundles (BUNDLING.alias in ../feedpub-function.ts). sanitize-html
// requires postcss only to parse `style` attributes; functions/core/render/body/sanitize.ts turns
// that off (parseStyleAttributes: false) and filters styles itself, so this is never called.
// If it ever is, the bundle fails loudly instead of passing CSS through unchecked.
function unavailable() {
  throw new Error(
    "feedpub: postcss is not bundled (sanitize-html must run with parseStyleAttributes: false)",
  );
}

export const parse = unavailable;
export default { parse: unavailable };
