// Replaces linkify-it in the Lambda bundles (BUNDLING.alias in ../feedpub-function.ts). markdown-it
// always constructs one (`md.linkify = new LinkifyIt()`), but only its two `linkify` rules call it,
// and both return first unless the `linkify` option is on; functions/core/markdown.ts turns it off.
// So the instance is built and never used. Were a method called, this would throw, and the bundle
// tests (test/unit/infra/bundle-stubs.test.ts: bundled output = source output on text full of
// URLs, e-mail addresses and domain names) would fail.
function unavailable() {
  throw new Error("feedpub: linkify-it is not bundled (markdown-it must run with linkify: false)");
}

export default class LinkifyIt {}

for (const name of [
  "add",
  "set",
  "test",
  "pretest",
  "testSchemaAt",
  "match",
  "matchAtStart",
  "tlds",
  "normalize",
  "onCompile",
]) {
  LinkifyIt.prototype[name] = unavailable;
}
