// `entities` as markdown-it uses it in the Lambda bundles (BUNDLING.alias in
// ../feedpub-function.ts): the two HTML decoders. The package's ESM index also builds the encoding
// tables (about 23 KB) that nothing in the bundle calls. The path is the copy htmlparser2's
// tokenizer uses (entities 4.5.0, as markdown-it's), so the 26 KB entity table is bundled once.
export {
  decodeHTML,
  decodeHTMLStrict,
} from "../../../node_modules/htmlparser2/node_modules/entities/lib/esm/decode.js";
