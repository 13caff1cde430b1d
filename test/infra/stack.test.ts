/** Fine-grained properties of the synthesised stack, one concern per test. */
import { readFileSync } from "node:fs";
import { Duration } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import * as events from "aws-cdk-lib/aws-events";
import { beforeAll, describe, expect, it } from "vitest";
import { METRIC, METRICS_NAMESPACE } from "../../functions/handlers/env-names.js";
import { VIEWER_REQUEST_SOURCE } from "../../infra/constructs/feed-view-function.js";
import { distributionArnOf, synthStack } from "./synth.js";

let template: Template;
beforeAll(() => {
  template = synthStack().template;
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resourcesOf = (type: string): Resources => template.findResources(type) as Resources;
const idOf = (type: string, match: (p: Record<string, unknown>) => boolean): string => {
  const found = Object.entries(resourcesOf(type)).filter(([, r]) => match(r.Properties ?? {}));
  expect(found).toHaveLength(1);
  return found[0]![0];
};
const contentBucketId = () => idOf("AWS::S3::Bucket", (p) => JSON.stringify(p).includes("s3/content/"));
const siteBucketId = () => idOf("AWS::S3::Bucket", (p) => JSON.stringify(p).includes("s3/site/"));

describe("buckets", () => {
  it("every bucket is encrypted, blocks public access and enforces TLS 1.2 in its policy", () => {
    const buckets = resourcesOf("AWS::S3::Bucket");
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    for (const id of Object.keys(buckets)) {
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Action: "s3:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
            Match.objectLike({
              Effect: "Deny",
              Action: "s3:*",
              Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
            }),
          ]),
        },
      });
    }
  });

  it("the content bucket is versioned, logs access and expires old versions and quarantined copies", () => {
    const content = resourcesOf("AWS::S3::Bucket")[contentBucketId()]!;
    expect(content.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(content.Properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: "s3/content/" });
    expect(content.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        { NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: "Enabled" },
        { ExpirationInDays: 30, Prefix: "quarantine/", Status: "Enabled" },
      ],
    });
  });

  it("the site bucket is separate from the content bucket and is read by CloudFront only through OAC (GetObject + ListBucket)", () => {
    const site = siteBucketId();
    expect(site).not.toBe(contentBucketId());
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: site },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: ["s3:GetObject", "s3:ListBucket"],
            Resource: [
              { "Fn::GetAtt": [site, "Arn"] },
              { "Fn::Join": ["", [{ "Fn::GetAtt": [site, "Arn"] }, "/*"]] },
            ],
            Condition: {
              StringEquals: {
                "AWS:SourceArn": distributionArnOf(Match.stringLikeRegexp("^SiteDistribution")),
              },
            },
          },
        ]),
      },
    });
    // No legacy OAI anywhere, no S3 CORS, no website hosting.
    template.resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
    for (const bucket of Object.values(resourcesOf("AWS::S3::Bucket"))) {
      expect(bucket.Properties.CorsConfiguration).toBeUndefined();
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    }
  });

  it("S3 notifications: creations invoke validate, deletions go to the publish queue", () => {
    const notifications = Object.values(resourcesOf("Custom::S3BucketNotifications"));
    expect(notifications).toHaveLength(1);
    const config = notifications[0]!.Properties.NotificationConfiguration as {
      LambdaFunctionConfigurations: { Events: string[]; Filter: unknown }[];
      QueueConfigurations: { Events: string[]; Filter: unknown }[];
    };
    const filters = (c: { Filter: unknown }) => JSON.stringify(c.Filter);
    expect(config.LambdaFunctionConfigurations.map((c) => c.Events)).toEqual([
      ["s3:ObjectCreated:*"],
      ["s3:ObjectCreated:*"],
    ]);
    expect(config.QueueConfigurations.map((c) => c.Events)).toEqual([
      ["s3:ObjectRemoved:*"],
      ["s3:ObjectRemoved:*"],
    ]);
    for (const list of [config.LambdaFunctionConfigurations, config.QueueConfigurations]) {
      expect(list.map(filters).sort()).toEqual(
        [
          JSON.stringify({ Key: { FilterRules: [{ Name: "prefix", Value: "site.yaml" }] } }),
          JSON.stringify({
            Key: {
              FilterRules: [
                { Name: "suffix", Value: ".md" },
                { Name: "prefix", Value: "articles/" },
              ],
            },
          }),
        ].sort(),
      );
    }
  });

  it("content/ is deployed into the content bucket, pruning removed files but never quarantine/", () => {
    template.hasResourceProperties("Custom::CDKBucketDeployment", {
      DestinationBucketName: { Ref: contentBucketId() },
      Prune: true,
      Exclude: ["quarantine/*"],
      RetainOnDelete: true,
    });
  });
});

describe("CloudFront", () => {
  it("redirects to HTTPS, speaks HTTP/2 and 3, compresses, logs, and serves index.html at the root", () => {
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        HttpVersion: "http2and3",
        IPV6Enabled: true,
        Logging: { Bucket: Match.anyValue(), Prefix: "cloudfront/" },
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: "redirect-to-https",
          Compress: true,
          AllowedMethods: ["GET", "HEAD", "OPTIONS"],
          CachedMethods: ["GET", "HEAD"],
          FunctionAssociations: [{ EventType: "viewer-request", FunctionARN: Match.anyValue() }],
        }),
        Origins: [
          Match.objectLike({
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: "" },
          }),
        ],
      }),
    });
  });

  it("uses an S3 Origin Access Control that signs every request", () => {
    template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: {
        Name: Match.anyValue(),
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      },
    });
  });

  it("caches 403/404/5xx for 10 seconds only", () => {
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        CustomErrorResponses: [403, 404, 500, 502, 503, 504].map((ErrorCode) => ({
          ErrorCode,
          ErrorCachingMinTTL: 10,
        })),
      }),
    });
  });

  it("cache policy: honours Cache-Control (min 0), short default TTL, capped max, nothing but the path in the key", () => {
    template.hasResourceProperties("AWS::CloudFront::CachePolicy", {
      CachePolicyConfig: {
        Name: Match.anyValue(),
        Comment: Match.anyValue(),
        MinTTL: 0,
        DefaultTTL: 60,
        MaxTTL: 86400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          QueryStringsConfig: { QueryStringBehavior: "none" },
          HeadersConfig: { HeaderBehavior: "none" },
          CookiesConfig: { CookieBehavior: "none" },
        },
      },
    });
  });

  it("response headers: CORS * for GET/HEAD/OPTIONS without credentials, ETag exposed, security headers", () => {
    template.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CorsConfig: {
          AccessControlAllowOrigins: { Items: ["*"] },
          AccessControlAllowMethods: { Items: ["GET", "HEAD", "OPTIONS"] },
          AccessControlAllowHeaders: { Items: ["*"] },
          AccessControlAllowCredentials: false,
          AccessControlExposeHeaders: { Items: Match.arrayWith(["ETag"]) },
          AccessControlMaxAgeSec: 86400,
          OriginOverride: true,
        },
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: false,
            Preload: false,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: "DENY", Override: true },
          ReferrerPolicy: { ReferrerPolicy: "strict-origin-when-cross-origin", Override: true },
        },
      }),
    });
  });

  it("response headers: Vary on Accept and Sec-Fetch-*, since a feed URL serves browsers HTML and readers the feed", () => {
    template.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CustomHeadersConfig: {
          Items: [{ Header: "Vary", Value: Match.anyValue(), Override: true }],
        },
      }),
    });
    const policies = template.findResources("AWS::CloudFront::ResponseHeadersPolicy");
    const vary = Object.values(policies).map(
      (p) => p.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig?.Items?.[0]?.Value as string,
    );
    expect(vary).toHaveLength(1);
    // Every header the negotiation rule reads (viewer-request.js, negotiate.ts), and the encoding.
    const names = (vary[0] ?? "").split(/,\s*/).map((h) => h.toLowerCase());
    expect(names.sort()).toEqual(["accept", "accept-encoding", "sec-fetch-dest", "sec-fetch-mode"]);
    const viewerRequest = readFileSync(VIEWER_REQUEST_SOURCE, "utf8");
    for (const header of viewerRequest.matchAll(/headerValue\(headers, "([a-z-]+)"\)/g)) {
      expect(names).toContain(header[1]);
    }
  });

  it("the viewer-request function runs on cloudfront-js-2.0 with the code from infra/cloudfront/viewer-request.js", () => {
    template.hasResourceProperties("AWS::CloudFront::Function", {
      AutoPublish: true,
      FunctionConfig: { Comment: Match.anyValue(), Runtime: "cloudfront-js-2.0" },
      FunctionCode: readFileSync(VIEWER_REQUEST_SOURCE, "utf8"),
    });
  });

  it("without a custom domain: CloudFront's certificate, no aliases", () => {
    const [distribution] = Object.values(resourcesOf("AWS::CloudFront::Distribution"));
    const config = distribution!.Properties.DistributionConfig as Record<string, unknown>;
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
  });

  it("with a custom domain: aliases, SNI certificate and TLSv1.2_2021", () => {
    const arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    const { template: custom } = synthStack({ domainName: "feeds.example.com", certificateArn: arn });
    custom.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Aliases: ["feeds.example.com"],
        ViewerCertificate: {
          AcmCertificateArn: arn,
          MinimumProtocolVersion: "TLSv1.2_2021",
          SslSupportMethod: "sni-only",
        },
      }),
    });
    custom.hasOutput("RssFeedUrl", { Value: "https://feeds.example.com/feed.xml" });
  });

  it("refuses a certificate outside us-east-1 and a domain without a certificate", () => {
    expect(() =>
      synthStack({
        domainName: "feeds.example.com",
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
      }),
    ).toThrow(/us-east-1/);
    expect(() => synthStack({ domainName: "feeds.example.com" })).toThrow(
      /domainName and certificate go together/,
    );
  });
});

describe("functions", () => {
  const functions = () =>
    Object.entries(resourcesOf("AWS::Lambda::Function")).filter(([, f]) =>
      String(f.Properties.Description ?? "").startsWith("feedpub:"),
    );

  it("three feedpub functions on nodejs24.x, arm64, JSON logs filtered at INFO in their own log group (30 days)", () => {
    expect(functions()).toHaveLength(3);
    for (const [, fn] of functions()) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        // INFO, not stricter: the EMF metric lines carry no level and Lambda files them as INFO.
        LoggingConfig: {
          LogFormat: "JSON",
          ApplicationLogLevel: "INFO",
          SystemLogLevel: "INFO",
          LogGroup: { Ref: expect.any(String) },
        },
      });
      const logGroup = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resourcesOf("AWS::Logs::LogGroup")[logGroup]?.Properties.RetentionInDays).toBe(30);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({
        NODE_OPTIONS: "--enable-source-maps",
        FEEDPUB_SERVICE_NAME: expect.stringMatching(/^feedpub-(validate|publish|schedule)$/),
      });
      // No library reads anything else: no POWERTOOLS_* (or other) settings ride along.
      expect(Object.keys(variables).filter((k) => !k.startsWith("FEEDPUB_"))).toEqual(["NODE_OPTIONS"]);
      // Reserved concurrency would throttle SQS deliveries into the DLQ; maxConcurrency is used instead.
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it("handlers get exactly the environment they read", () => {
    const env = (service: string) =>
      (
        functions().find(([, f]) => JSON.stringify(f.Properties).includes(`"${service}"`))![1].Properties
          .Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
    expect(
      Object.keys(env("feedpub-validate"))
        .filter((k) => k.startsWith("FEEDPUB_"))
        .sort(),
    ).toEqual(["FEEDPUB_CONTENT_BUCKET", "FEEDPUB_PUBLISH_QUEUE_URL", "FEEDPUB_SERVICE_NAME"]);
    for (const service of ["feedpub-publish", "feedpub-schedule"]) {
      expect(
        Object.keys(env(service))
          .filter((k) => k.startsWith("FEEDPUB_"))
          .sort(),
      ).toEqual([
        "FEEDPUB_CONTENT_BUCKET",
        "FEEDPUB_DISTRIBUTION_ID",
        "FEEDPUB_SERVICE_NAME",
        "FEEDPUB_SITE_BUCKET",
      ]);
    }
  });

  it("validate retries twice and sends failed events to the dead-letter queue", () => {
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": [Match.stringLikeRegexp("^DeadLetters"), "Arn"] } },
      },
    });
  });
});

describe("publish pipeline", () => {
  it("SQS event source: batching window, large batches, maxConcurrency 2, partial batch responses", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10000,
      MaximumBatchingWindowInSeconds: 30,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^PipelineQueue"), "Arn"] },
    });
  });

  it("the queue is encrypted, TLS-only, redrives to the DLQ after 5 receives, and its visibility is 6× the timeout", () => {
    template.hasResourceProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 720,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^DeadLetters"), "Arn"] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    for (const policy of Object.values(resourcesOf("AWS::SQS::QueuePolicy"))) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
    const publish = Object.values(resourcesOf("AWS::Lambda::Function")).find(
      (f) => f.Properties.Description === "feedpub: publish the site after content changes (SQS batches)",
    );
    expect(publish?.Properties.Timeout).toBe(120);
  });

  it("S3 may send to the publish queue only from the content bucket", () => {
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            Condition: { ArnLike: { "aws:SourceArn": { "Fn::GetAtt": [contentBucketId(), "Arn"] } } },
          }),
        ]),
      },
    });
  });

  it("an EventBridge rule runs the scheduled publish every 5 minutes (configurable)", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^DeadLetters"), "Arn"] } },
        }),
      ],
    });
    const { template: hourly } = synthStack({ publishSchedule: events.Schedule.rate(Duration.hours(1)) });
    hourly.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(1 hour)" });
  });

  it("refuses maxConcurrency below SQS's minimum of 2 and windows over 5 minutes", () => {
    expect(() => synthStack({ publishMaxConcurrency: 1 })).toThrow(/between 2 and 1000/);
    expect(() => synthStack({ publishBatchWindow: Duration.minutes(6) })).toThrow(/at most 5 minutes/);
  });
});

describe("alarms and outputs", () => {
  it("alarms on each function's errors, the DLQ depth, rejected content and blocked publishes", () => {
    const alarms = Object.values(resourcesOf("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    expect(alarms).toHaveLength(7);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
      });
    }
    expect(alarms.filter((a) => a.MetricName === "Errors" && a.Namespace === "AWS/Lambda")).toHaveLength(3);
    expect(
      alarms.filter(
        (a) => a.MetricName === "ApproximateNumberOfMessagesVisible" && a.Namespace === "AWS/SQS",
      ),
    ).toHaveLength(1);
    expect(
      alarms.filter((a) => a.MetricName === METRIC.invalidContent && a.Namespace === METRICS_NAMESPACE),
    ).toEqual([expect.objectContaining({ Dimensions: [{ Name: "service", Value: "feedpub-validate" }] })]);
    expect(alarms.filter((a) => a.MetricName === METRIC.publishBlocked).map((a) => a.Dimensions)).toEqual([
      [{ Name: "service", Value: "feedpub-publish" }],
      [{ Name: "service", Value: "feedpub-schedule" }],
    ]);
  });

  it("alarmEmail adds a TLS-only topic that every alarm notifies", () => {
    const { template: withEmail } = synthStack({ alarmEmail: "ops@example.com" });
    withEmail.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.com",
    });
    const alarms = Object.values(withEmail.findResources("AWS::CloudWatch::Alarm"));
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it("outputs the distribution domain, feed URLs and bucket names", () => {
    const outputs = template.findOutputs("*");
    expect(Object.keys(outputs).sort()).toEqual(
      [
        "AtomFeedUrl",
        "BaseUrl",
        "ContentBucketName",
        "DeadLetterQueueUrl",
        "DistributionDomainName",
        "DistributionId",
        "JsonFeedUrl",
        "JsonLdIndexUrl",
        "PublishQueueUrl",
        "RssFeedUrl",
        "SiteBucketName",
      ].sort(),
    );
    template.hasOutput("RssFeedUrl", {
      Value: {
        "Fn::Join": [
          "",
          [
            "https://",
            { "Fn::GetAtt": [Match.stringLikeRegexp("^SiteDistribution"), "DomainName"] },
            "/feed.xml",
          ],
        ],
      },
    });
    template.hasOutput("ContentBucketName", { Value: { Ref: contentBucketId() } });
    template.hasOutput("SiteBucketName", { Value: { Ref: siteBucketId() } });
  });
});
