/**
 * The CloudFront Function (cloudfront-js-2.0, viewer request) in infra/cloudfront/viewer-request.js:
 * feed human views (the rule of functions/core/negotiate.ts), folder index pages, CORS preflight,
 * and a 404 for the publish manifest.
 */
import { fileURLToPath } from "node:url";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import { Construct } from "constructs";

export const VIEWER_REQUEST_SOURCE = fileURLToPath(
  new URL("../cloudfront/viewer-request.js", import.meta.url),
);

export class FeedViewFunction extends Construct {
  readonly function: cloudfront.Function;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.function = new cloudfront.Function(this, "Function", {
      code: cloudfront.FunctionCode.fromFile({ filePath: VIEWER_REQUEST_SOURCE }),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: "feedpub: feed human view, folder index, CORS preflight, hide .feedpub/",
    });
  }
}
