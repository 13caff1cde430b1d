/**
 * The AWS SDK v3 clients the handlers use, each loaded on first use. The Lambda bundles leave
 * `@aws-sdk/*` external and take the SDK that the nodejs24.x runtime ships (see BUNDLING in
 * infra/constructs/feedpub-function.ts). A static `import` of an external package would be hoisted
 * to the top of the bundle and loaded before the handler module finished importing, so no handler
 * module imports an SDK value (types only): they all come through here.
 *
 * `require`, not `import()`: the SDK packages are CommonJS, and Node's ESM loader takes 2–3× as
 * long to load the same CommonJS graph (measured on Node 20: S3 + CloudFront clients ~130–190 ms
 * required, ~280–460 ms imported). In the bundle, `require` is the banner's createRequire
 * (BUNDLING.banner), which also finds the runtime's copy through NODE_PATH; under Node's own ESM
 * loader (tests, tsx) there is no `require` and createRequire's is used.
 */
import { createRequire as createNodeRequire } from "node:module";

export type S3Sdk = typeof import("@aws-sdk/client-s3");
export type SqsSdk = typeof import("@aws-sdk/client-sqs");
export type CloudFrontSdk = typeof import("@aws-sdk/client-cloudfront");

const nodeRequire = createNodeRequire(import.meta.url);
const bundled = typeof require === "function";

// Each `require` names its package literally, so that esbuild sees which package it is.
export function s3Sdk(): S3Sdk {
  return bundled ? require("@aws-sdk/client-s3") : nodeRequire("@aws-sdk/client-s3");
}

export function sqsSdk(): SqsSdk {
  return bundled ? require("@aws-sdk/client-sqs") : nodeRequire("@aws-sdk/client-sqs");
}

export function cloudFrontSdk(): CloudFrontSdk {
  return bundled ? require("@aws-sdk/client-cloudfront") : nodeRequire("@aws-sdk/client-cloudfront");
}
