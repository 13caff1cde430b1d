/**
 * cdk-nag AwsSolutions findings we accept, each with its reason. Everything else must pass: every
 * synth runs the checks (infra/app.ts) and test/infra/nag.test.ts fails on any unacknowledged
 * finding. `Resource::*`-style findings name resources by logical id, computed here.
 *
 * Wildcards that remain, and why (also asserted in test/infra/iam.test.ts). No statement has
 * `Resource: "*"`.
 *   - `<ContentBucket>/articles/*`, `<ContentBucket>/quarantine/*`, `<SiteBucket>/*`: object ARNs
 *     need a key pattern; each is scoped to one prefix of one bucket.
 *   - CDK's BucketDeployment handler (deploy time only): s3 read actions with wildcards on the CDK
 *     assets bucket, read/write on the content bucket's objects (it syncs arbitrary keys).
 *   - CDK's custom-resource handlers use the AWSLambdaBasicExecutionRole managed policy.
 */
import { type CfnElement, Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { FeedpubStack } from "./feedpub-stack.js";

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

function arnOf(resource: IConstruct): string {
  const stack = Stack.of(resource);
  return `<${stack.getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
}

/** Singleton custom resources CDK adds at the stack's root (found by id prefix). */
function rootChildren(stack: Stack, prefix: string): IConstruct[] {
  return stack.node.children.filter((c) => c.node.id.startsWith(prefix));
}

function managedPolicyFinding(): string {
  return "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]";
}

export function suppressNagFindings(stack: FeedpubStack): void {
  const content = arnOf(stack.content.bucket);
  const site = arnOf(stack.site.bucket);

  const distribution = stack.site.distribution;
  acknowledge(
    distribution,
    "AwsSolutions-CFR1",
    "Public news feeds for readers and feed aggregators in every country; no geographic restriction applies.",
  );
  acknowledge(
    distribution,
    "AwsSolutions-CFR2",
    "Read-only, cacheable static files from a private bucket: no forms, logins or dynamic origin to protect. Shield Standard covers network attacks; a WAF web ACL costs more than the whole stack. Add one through the distribution if needed.",
  );
  if (!stack.site.hasCustomCertificate) {
    acknowledge(
      distribution,
      "AwsSolutions-CFR4",
      "Without a custom domain the distribution uses the *.cloudfront.net certificate, whose security policy AWS fixes at TLSv1; set domainName + certificateArn to get TLSv1.2_2021.",
    );
  }
  acknowledge(
    distribution,
    "@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk",
    "LIST gives real 404s. defaultRootObject is index.html and the viewer-request function maps every folder URL to its index.html, so no request reaches the bucket root listing.",
  );

  const objectPatterns: [IConstruct, string, string][] = [
    [
      stack.content.validate.role,
      `Resource::${content}/articles/*`,
      "validate reads and tags any article: object ARNs need a key pattern; scoped to articles/ in the content bucket.",
    ],
    [
      stack.content.validate.role,
      `Resource::${content}/quarantine/*`,
      "validate writes, tags and deletes quarantined copies: scoped to quarantine/ in the content bucket.",
    ],
  ];
  for (const fn of [stack.pipeline.publish, stack.pipeline.scheduled]) {
    objectPatterns.push(
      [
        fn.role,
        `Resource::${content}/articles/*`,
        "publish reads every article: scoped to articles/ in the content bucket.",
      ],
      [
        fn.role,
        `Resource::${site}/*`,
        "publish writes and deletes any output path (feeds, per-article JSON-LD, manifest) in the site bucket only.",
      ],
    );
  }
  for (const [scope, finding, reason] of objectPatterns)
    acknowledge(scope, `AwsSolutions-IAM5[${finding}]`, reason);

  for (const handler of rootChildren(stack, "BucketNotificationsHandler")) {
    acknowledge(
      handler,
      managedPolicyFinding(),
      "CDK's bucket-notifications custom resource (runs only during deployments).",
    );
  }
  for (const handler of rootChildren(stack, "Custom::CDKBucketDeployment")) {
    acknowledge(
      handler,
      managedPolicyFinding(),
      "CDK's BucketDeployment custom resource (runs only during deployments).",
    );
    acknowledge(
      handler,
      "AwsSolutions-L1",
      "CDK's BucketDeployment custom resource pins its own Python runtime; it runs only during deployments.",
    );
    for (const finding of [
      "Action::s3:GetObject*",
      "Action::s3:GetBucket*",
      "Action::s3:List*",
      "Action::s3:DeleteObject*",
      "Action::s3:Abort*",
      `Resource::${content}/*`,
      "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
    ]) {
      acknowledge(
        handler,
        `AwsSolutions-IAM5[${finding}]`,
        "CDK's BucketDeployment syncs content/ from the CDK assets bucket into the content bucket (arbitrary keys); CDK generates this policy.",
      );
    }
  }
}
