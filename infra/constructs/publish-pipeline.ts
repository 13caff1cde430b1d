/**
 * Rebuild and publish: an SQS queue debounces bursts of content changes (a CI deploy of 500 files
 * becomes a few batches), the publish function consumes it with a bounded `maxConcurrency` (not
 * reserved concurrency, which would throttle valid messages into the dead-letter queue) and
 * partial batch responses, and an EventBridge schedule publishes periodically so future-dated
 * articles go live on time. Concurrent publishes are further serialised by the manifest's
 * conditional-write lock in the publishing engine.
 */
import { Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { ENV } from "../../functions/handlers/env-names.js";
import type { ContentIntake } from "./content-intake.js";
import { FeedpubFunction, HANDLER_ENTRIES } from "./feedpub-function.js";
import type { SiteDelivery } from "./site-delivery.js";

export interface PublishPipelineProps {
  readonly content: ContentIntake;
  readonly site: SiteDelivery;
  readonly deadLetterQueue: sqs.IQueue;
  /** Prefix of the functions' `service` metric dimensions (`<prefix>-publish`, `<prefix>-schedule`). */
  readonly serviceName: string;
  /** How long the queue gathers changes before a publish. At most 5 minutes. @default Duration.seconds(30) */
  readonly batchWindow?: Duration;
  /** Concurrent publishes from the queue (2 to 1000; SQS event sources cannot go lower). @default 2 */
  readonly maxConcurrency?: number;
  /** Receives before a message goes to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** When the schedule publishes (scheduled articles go live at the next run). @default every 5 minutes */
  readonly schedule?: events.Schedule;
  /** @default Duration.minutes(2) */
  readonly publishTimeout?: Duration;
  /** @default 1024 */
  readonly publishMemorySize?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

export class PublishPipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly publish: FeedpubFunction;
  readonly scheduled: FeedpubFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: PublishPipelineProps) {
    super(scope, id);
    const batchWindow = props.batchWindow ?? Duration.seconds(30);
    if (batchWindow.toSeconds() > 300)
      throw new Error("PublishPipeline: batchWindow must be at most 5 minutes.");
    const maxConcurrency = props.maxConcurrency ?? 2;
    if (maxConcurrency < 2 || maxConcurrency > 1000) {
      throw new Error(`PublishPipeline: maxConcurrency must be between 2 and 1000, got ${maxConcurrency}.`);
    }
    const timeout = props.publishTimeout ?? Duration.minutes(2);

    this.queue = new sqs.Queue(this, "Queue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda event sources: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });

    const environment = {
      [ENV.contentBucket]: props.content.bucket.bucketName,
      [ENV.siteBucket]: props.site.bucket.bucketName,
      [ENV.distributionId]: props.site.distribution.distributionId,
    };
    const common = {
      timeout,
      memorySize: props.publishMemorySize ?? 1024,
      environment,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    };
    this.publish = new FeedpubFunction(this, "Publish", {
      ...common,
      entry: HANDLER_ENTRIES.publish,
      description: "feedpub: publish the site after content changes (SQS batches)",
      serviceName: `${props.serviceName}-publish`,
    });
    this.scheduled = new FeedpubFunction(this, "Scheduled", {
      ...common,
      entry: HANDLER_ENTRIES.schedule,
      description: "feedpub: periodic publish so scheduled articles go live",
      serviceName: `${props.serviceName}-schedule`,
    });

    this.publish.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10_000,
        maxBatchingWindow: batchWindow,
        maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    this.rule = new events.Rule(this, "Schedule", {
      description: "feedpub: publish scheduled articles",
      schedule: props.schedule ?? events.Schedule.rate(Duration.minutes(5)),
      targets: [
        new targets.LambdaFunction(this.scheduled.function, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(10),
          deadLetterQueue: props.deadLetterQueue,
        }),
      ],
    });

    for (const fn of [this.publish.function, this.scheduled.function]) {
      props.content.grantReadContent(fn);
      props.site.grantPublish(fn);
      props.site.grantInvalidate(fn);
    }
  }
}
