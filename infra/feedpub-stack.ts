/**
 * feedpub on AWS: content bucket + validate → SQS → publish → site bucket behind CloudFront, a
 * schedule for future-dated articles, alarms, and the deployment of content/ on `cdk deploy`.
 */
import { existsSync } from "node:fs";
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import type * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import type * as events from "aws-cdk-lib/aws-events";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { AccessLogs } from "./constructs/access-logs.js";
import { PipelineAlarms } from "./constructs/alarms.js";
import { ContentIntake } from "./constructs/content-intake.js";
import { PROJECT_ROOT } from "./constructs/feedpub-function.js";
import { PublishPipeline } from "./constructs/publish-pipeline.js";
import { SiteDelivery } from "./constructs/site-delivery.js";
import { suppressNagFindings } from "./nag-suppressions.js";

export interface FeedpubStackProps extends StackProps {
  /** Short name used in descriptions and as the prefix of the metrics' `service` dimension. @default "feedpub" */
  readonly siteName?: string;
  /** Custom domain for the feeds, e.g. `feeds.example.com`. Requires `certificate`. @default the CloudFront domain */
  readonly domainName?: string;
  /** ARN of an ACM certificate in us-east-1 covering `domainName`. Requires `domainName`. @default none */
  readonly certificateArn?: string;
  /** When the scheduled publish runs. @default every 5 minutes */
  readonly publishSchedule?: events.Schedule;
  /** How long the publish queue gathers changes before publishing. @default Duration.seconds(30) */
  readonly publishBatchWindow?: Duration;
  /** Concurrent publishes from the queue (2–1000). @default 2 */
  readonly publishMaxConcurrency?: number;
  /** Log retention of every function. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Days access logs are kept. @default 90 */
  readonly accessLogDays?: number;
  /** CloudFront edge locations. @default PriceClass.PRICE_CLASS_100 */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * Folder uploaded to the content bucket on deploy, or false to manage content some other way.
   * @default the repository's content/ folder (no deployment when it does not exist)
   */
  readonly contentDir?: string | false;
  /** Keep the buckets (content, site, logs) when the stack is deleted. @default true */
  readonly retainData?: boolean;
  /** Email address subscribed to the alarms (confirm the subscription mail). @default none: alarms show in the console only */
  readonly alarmEmail?: string;
}

export class FeedpubStack extends Stack {
  readonly logs: AccessLogs;
  readonly content: ContentIntake;
  readonly site: SiteDelivery;
  readonly pipeline: PublishPipeline;
  readonly alarms: PipelineAlarms;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FeedpubStackProps = {}) {
    super(scope, id, props);
    const siteName = props.siteName ?? "feedpub";
    const removalPolicy = props.retainData === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.logs = new AccessLogs(this, "AccessLogs", {
      expiration: Duration.days(props.accessLogDays ?? 90),
      removalPolicy,
    });
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetters", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.site = new SiteDelivery(this, "Site", {
      logBucket: this.logs.bucket,
      removalPolicy,
      comment: `${siteName} feeds`,
      ...(props.domainName ? { domainName: props.domainName } : {}),
      ...(props.certificateArn
        ? { certificate: acm.Certificate.fromCertificateArn(this, "Certificate", props.certificateArn) }
        : {}),
      ...(props.priceClass ? { priceClass: props.priceClass } : {}),
    });
    this.content = new ContentIntake(this, "Content", {
      logBucket: this.logs.bucket,
      deadLetterQueue: this.deadLetterQueue,
      serviceName: siteName,
      logRetention,
      removalPolicy,
    });
    this.pipeline = new PublishPipeline(this, "Pipeline", {
      content: this.content,
      site: this.site,
      deadLetterQueue: this.deadLetterQueue,
      serviceName: siteName,
      logRetention,
      ...(props.publishSchedule ? { schedule: props.publishSchedule } : {}),
      ...(props.publishBatchWindow ? { batchWindow: props.publishBatchWindow } : {}),
      ...(props.publishMaxConcurrency ? { maxConcurrency: props.publishMaxConcurrency } : {}),
    });
    this.content.forwardTo(this.pipeline.queue);

    const contentDir = props.contentDir ?? `${PROJECT_ROOT}content`;
    if (contentDir !== false && existsSync(contentDir)) {
      this.content.deployContent(contentDir, [this.pipeline]);
    }

    this.alarms = new PipelineAlarms(this, "Alarms", {
      functions: {
        Validate: this.content.validate.function,
        Publish: this.pipeline.publish.function,
        Schedule: this.pipeline.scheduled.function,
      },
      deadLetterQueue: this.deadLetterQueue,
      services: {
        validate: `${siteName}-validate`,
        publish: [`${siteName}-publish`, `${siteName}-schedule`],
      },
      ...(props.alarmEmail ? { topic: this.alarmTopic(props.alarmEmail) } : {}),
    });

    const base = this.site.baseUrl;
    const outputs: Record<string, [string, string]> = {
      DistributionDomainName: [this.site.distribution.distributionDomainName, "CloudFront domain"],
      DistributionId: [this.site.distribution.distributionId, "CloudFront distribution id"],
      BaseUrl: [base, "baseUrl to put in content/site.yaml"],
      RssFeedUrl: [`${base}feed.xml`, "RSS 2.0 feed"],
      AtomFeedUrl: [`${base}atom.xml`, "Atom 1.0 feed"],
      JsonFeedUrl: [`${base}feed.json`, "JSON Feed 1.1"],
      JsonLdIndexUrl: [`${base}index.jsonld`, "schema.org JSON-LD index"],
      ContentBucketName: [this.content.bucket.bucketName, "Content bucket (site.yaml, articles/)"],
      SiteBucketName: [this.site.bucket.bucketName, "Site bucket (published outputs)"],
      PublishQueueUrl: [this.pipeline.queue.queueUrl, "Publish queue"],
      DeadLetterQueueUrl: [this.deadLetterQueue.queueUrl, "Dead-letter queue"],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description });
    }

    suppressNagFindings(this);
  }

  private alarmTopic(email: string): sns.Topic {
    const topic = new sns.Topic(this, "AlarmTopic", { enforceSSL: true, displayName: "feedpub alarms" });
    topic.addSubscription(new subscriptions.EmailSubscription(email));
    return topic;
  }
}
