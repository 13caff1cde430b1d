/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Synthesises offline with no credentials: the
 * stack is environment-agnostic unless CDK_DEFAULT_ACCOUNT/REGION are set (as `cdk deploy` does).
 * cdk-nag's AwsSolutions checks run on every synth; an unsuppressed finding fails it.
 *
 * Context (`-c key=value` or cdk.json "context"): stackName (default Feedpub), siteName,
 * domainName + certificateArn (ACM, us-east-1), alarmEmail.
 */
import { pathToFileURL } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { FeedpubStack, type FeedpubStackProps } from "./feedpub-stack.js";

export function createFeedpubApp(app: App = new App(), props: FeedpubStackProps = {}): FeedpubStack {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const fromContext: Record<string, string> = {};
  for (const key of ["siteName", "domainName", "certificateArn", "alarmEmail"] as const) {
    const value = context(key);
    if (value) fromContext[key] = value;
  }
  const stack = new FeedpubStack(app, context("stackName") ?? "Feedpub", {
    description: "feedpub: structured news feeds (RSS, Atom, JSON Feed, JSON-LD) on S3 + CloudFront",
    ...(account && region ? { env: { account, region } } : {}),
    ...fromContext,
    ...props,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const app = new App();
  createFeedpubApp(app);
  app.synth();
}
