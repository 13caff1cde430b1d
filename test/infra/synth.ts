/**
 * Builds the feedpub stack the way `cdk synth` does (cdk.json's feature flags), offline, with
 * esbuild skipped (assets are placeholders) so template tests stay fast. test/infra/cdk-cli.test.ts
 * runs the real `cdk synth` with bundling.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { createFeedpubApp } from "../../infra/app.js";
import type { FeedpubStack, FeedpubStackProps } from "../../infra/feedpub-stack.js";

const ROOT = new URL("../../", import.meta.url);

export function cdkContext(): Record<string, unknown> {
  const cdk = JSON.parse(readFileSync(new URL("cdk.json", ROOT), "utf8")) as {
    context: Record<string, unknown>;
  };
  return cdk.context;
}

/** A minimal content folder for the BucketDeployment asset (tests do not depend on content/). */
export function tempContentDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "feedpub-infra-content-"));
  mkdirSync(join(dir, "articles"));
  writeFileSync(join(dir, "site.yaml"), "title: Test\n");
  writeFileSync(join(dir, "articles", "hello.md"), "---\ntitle: Hello\n---\nHi\n");
  return dir;
}

export interface Synth {
  app: App;
  stack: FeedpubStack;
  template: Template;
}

export function synthStack(props: FeedpubStackProps = {}, context: Record<string, unknown> = {}): Synth {
  const app = new App({
    context: { ...cdkContext(), "aws:cdk:bundling-stacks": [], ...context },
    outdir: mkdtempSync(join(tmpdir(), "feedpub-cdk-out-")),
  });
  const stack = createFeedpubApp(app, { contentDir: tempContentDir(), ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The CloudFormation expression of a CloudFront distribution's ARN, for `ref` (a logical id or matcher). */
export function distributionArnOf(ref: unknown): unknown {
  return {
    "Fn::Join": [
      "",
      [
        "arn:",
        { Ref: "AWS::Partition" },
        ":cloudfront::",
        { Ref: "AWS::AccountId" },
        ":distribution/",
        { Ref: ref },
      ],
    ],
  };
}
