// `yaml` as functions/core/load/source.ts uses it in the Lambda bundles (BUNDLING.alias in
// ../feedpub-function.ts): the package's ES module build, reduced to the names source.ts uses
// (YAML_EXPORTS_USED there). source.ts `require`s yaml lazily, and esbuild keeps every export of
// a required module; re-exporting only these lets it drop the rest (stringify, visit, the CST
// helpers...). The same parser; test/unit/infra/yaml-shim.test.ts checks the names and functions.
export { isMap, isScalar, isSeq, parseDocument } from "../../../node_modules/yaml/browser/dist/index.js";
