/**
 * Least privilege: every IAM statement in the stack, by role. No `Resource: "*"` anywhere; object
 * wildcards only as `<bucket>/<prefix>*` on our own buckets; CreateInvalidation on exactly our
 * distribution's ARN.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { distributionArnOf, synthStack } from "./synth.js";

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
type Resources = Record<string, { Properties: Record<string, unknown> }>;

let template: Template;
let ids: { content: string; site: string; queue: string; dlq: string; distribution: string };

beforeAll(() => {
  template = synthStack().template;
  const find = (type: string, pattern: RegExp) => {
    const found = Object.keys(template.findResources(type)).filter((id) => pattern.test(id));
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  ids = {
    content: find("AWS::S3::Bucket", /^ContentBucket/),
    site: find("AWS::S3::Bucket", /^SiteBucket/),
    queue: find("AWS::SQS::Queue", /^PipelineQueue/),
    dlq: find("AWS::SQS::Queue", /^DeadLetters/),
    distribution: find("AWS::CloudFront::Distribution", /^SiteDistribution/),
  };
});

const arn = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });
const objects = (id: string, pattern: string) => ({ "Fn::Join": ["", [arn(id), `/${pattern}`]] });
const actions = (s: Statement) => [s.Action].flat().sort();

/** Statements of the inline policy attached to the role whose logical id starts with `prefix`. */
function statementsOf(prefix: string): Statement[] {
  const policies = Object.values(template.findResources("AWS::IAM::Policy") as Resources).filter((p) =>
    (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(prefix)),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

function allStatements(): Statement[] {
  const docs: { Statement: Statement[] }[] = [];
  for (const type of ["AWS::IAM::Policy", "AWS::IAM::Role"]) {
    for (const r of Object.values(template.findResources(type) as Resources)) {
      if (r.Properties.PolicyDocument) docs.push(r.Properties.PolicyDocument as { Statement: Statement[] });
      for (const p of (r.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? []) {
        docs.push(p.PolicyDocument);
      }
    }
  }
  return docs.flatMap((d) => d.Statement);
}

describe("IAM", () => {
  it("no statement anywhere grants on Resource '*'", () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(10);
    const star = statements.filter((s) => [s.Resource].flat().includes("*"));
    expect(star).toEqual([]);
  });

  it("no feedpub role uses a managed policy or an action wildcard", () => {
    for (const [id, role] of Object.entries(template.findResources("AWS::IAM::Role") as Resources)) {
      if (!/^(Content|Pipeline)/.test(id)) continue;
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
    for (const prefix of ["ContentValidateRole", "PipelinePublishRole", "PipelineScheduledRole"]) {
      for (const s of statementsOf(prefix))
        expect(
          actions(s).filter((a) => a.includes("*")),
          prefix,
        ).toEqual([]);
    }
  });

  it("validate: list the content bucket, read/tag content files, manage quarantine/, queue publishes, write its own logs", () => {
    const statements = statementsOf("ContentValidateRole");
    expect(statements.map((s) => ({ actions: actions(s), resource: s.Resource }))).toEqual([
      {
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resource: arn(expect.stringMatching(/^ContentValidateLogs/) as unknown as string),
      },
      {
        actions: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
        resource: [arn(ids.dlq), arn(ids.queue)],
      },
      // Without ListBucket, S3 answers 403 instead of 404 for a missing site.yaml or quarantined copy.
      { actions: ["s3:ListBucket"], resource: arn(ids.content) },
      {
        actions: ["s3:GetObject", "s3:PutObjectTagging"],
        resource: [objects(ids.content, "articles/*"), objects(ids.content, "site.yaml")],
      },
      {
        actions: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject", "s3:PutObjectTagging"],
        resource: objects(ids.content, "quarantine/*"),
      },
    ]);
  });

  for (const prefix of ["PipelinePublishRole", "PipelineScheduledRole"]) {
    it(`${prefix}: read content, write the site bucket, invalidate exactly our distribution`, () => {
      const statements = statementsOf(prefix).filter(
        (s) => !actions(s)[0]!.startsWith("logs:") && !actions(s)[0]!.startsWith("sqs:"),
      );
      expect(statements.map((s) => ({ actions: actions(s), resource: s.Resource }))).toEqual([
        { actions: ["s3:ListBucket"], resource: [arn(ids.content), arn(ids.site)] },
        {
          actions: ["s3:GetObject"],
          resource: [objects(ids.content, "articles/*"), objects(ids.content, "site.yaml")],
        },
        { actions: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], resource: objects(ids.site, "*") },
        {
          actions: ["cloudfront:CreateInvalidation"],
          resource: distributionArnOf(ids.distribution),
        },
      ]);
      // Neither publisher may write to the content bucket (outputs can never re-trigger the pipeline).
      const writesContent = statementsOf(prefix).filter(
        (s) =>
          actions(s).some((a) => /Put|Delete/.test(a)) && JSON.stringify(s.Resource).includes(ids.content),
      );
      expect(writesContent).toEqual([]);
    });
  }

  it("the publish function only consumes the queue; the schedule function has no queue access", () => {
    const sqs = (prefix: string) => statementsOf(prefix).filter((s) => actions(s)[0]!.startsWith("sqs:"));
    expect(sqs("PipelinePublishRole").map((s) => ({ actions: actions(s), resource: s.Resource }))).toEqual([
      {
        actions: [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ReceiveMessage",
        ],
        resource: arn(ids.queue),
      },
    ]);
    expect(sqs("PipelineScheduledRole")).toEqual([]);
  });

  it("CDK's bucket-notifications handler may change notifications of the content bucket only", () => {
    const policies = Object.values(template.findResources("AWS::IAM::Policy") as Resources).filter((p) =>
      JSON.stringify(p.Properties).includes("s3:PutBucketNotification"),
    );
    expect(policies).toHaveLength(1);
    expect((policies[0]!.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toEqual([
      { Action: "s3:PutBucketNotification", Effect: "Allow", Resource: arn(ids.content) },
    ]);
  });
});
