/**
 * Where editors' content lands: a private, versioned content bucket (separate from the site
 * bucket, so writing outputs can never re-trigger the pipeline), the validate function that checks
 * every article or site.yaml put into it, and the deployment of the repository's content/ folder.
 *
 * Flow: an object put under articles/ (or site.yaml) invokes validate. A valid file is forwarded
 * to the publish queue; an invalid one is copied to quarantine/<key>, tagged
 * feedpub-status=invalid and never published. Deletions go straight to the publish queue (S3
 * refuses two notification configurations for the same event type and prefix, so creations reach
 * the queue through validate, which also orders validation before publishing).
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { ENV, QUARANTINE_PREFIX } from "../../functions/handlers/env-names.js";
import { FeedpubFunction, HANDLER_ENTRIES } from "./feedpub-function.js";

/** The content files feedpub reads: the site config and Markdown articles. */
export const SITE_KEY = "site.yaml";
export const ARTICLES_PREFIX = "articles/";

export interface ContentIntakeProps {
  /** Bucket for S3 server access logs. */
  readonly logBucket: s3.IBucket;
  /** Queue that receives dead events (validate's failed asynchronous invocations). */
  readonly deadLetterQueue: sqs.IQueue;
  /** Prefix of the function's `service` metric dimension (`<prefix>-validate`). */
  readonly serviceName: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Days before noncurrent versions of content files expire. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Days before quarantined copies expire. @default 30 */
  readonly quarantineDays?: number;
  /** What happens to the content bucket when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class ContentIntake extends Construct {
  readonly bucket: s3.Bucket;
  readonly validate: FeedpubFunction;

  constructor(scope: Construct, id: string, props: ContentIntakeProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: "s3/content/",
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 90) },
        { prefix: QUARANTINE_PREFIX, expiration: Duration.days(props.quarantineDays ?? 30) },
      ],
    });

    this.validate = new FeedpubFunction(this, "Validate", {
      entry: HANDLER_ENTRIES.validate,
      description: "feedpub: validate a content file put into the content bucket",
      serviceName: `${props.serviceName}-validate`,
      timeout: Duration.seconds(30),
      memorySize: 512,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      environment: { [ENV.contentBucket]: this.bucket.bucketName },
    });
    this.validate.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(props.deadLetterQueue),
    });

    const fn = this.validate.function;
    // ListBucket: S3 answers 404 (not 403) for missing keys only with it, and validate lists quarantine/.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ["s3:ListBucket"],
      resourceArns: [this.bucket.bucketArn],
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ["s3:GetObject", "s3:PutObjectTagging"],
      resourceArns: [this.bucket.arnForObjects(SITE_KEY), this.bucket.arnForObjects(`${ARTICLES_PREFIX}*`)],
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ["s3:GetObject", "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject"],
      resourceArns: [this.bucket.arnForObjects(`${QUARANTINE_PREFIX}*`)],
    });

    const destination = new s3n.LambdaDestination(fn);
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, {
      prefix: ARTICLES_PREFIX,
      suffix: ".md",
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, { prefix: SITE_KEY });
  }

  /** Valid creations (via validate) and all deletions of content files reach `queue`. */
  forwardTo(queue: sqs.IQueue): void {
    this.validate.function.addEnvironment(ENV.publishQueueUrl, queue.queueUrl);
    queue.grantSendMessages(this.validate.function);
    const destination = new s3n.SqsDestination(queue);
    this.bucket.addEventNotification(s3.EventType.OBJECT_REMOVED, destination, {
      prefix: ARTICLES_PREFIX,
      suffix: ".md",
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_REMOVED, destination, { prefix: SITE_KEY });
  }

  /** Lets `grantee` list the bucket and read every content file (not the quarantine). */
  grantReadContent(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({ grantee, actions: ["s3:ListBucket"], resourceArns: [this.bucket.bucketArn] });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["s3:GetObject"],
      resourceArns: [this.bucket.arnForObjects(SITE_KEY), this.bucket.arnForObjects(`${ARTICLES_PREFIX}*`)],
    });
  }

  /**
   * Uploads `sourceDir` (the repository's content/) on every `cdk deploy`, deleting files removed
   * from git. quarantine/ is excluded, so a deployment neither uploads nor prunes it.
   */
  deployContent(sourceDir: string, after: Construct[] = []): s3deploy.BucketDeployment {
    const deployment = new s3deploy.BucketDeployment(this, "Deploy", {
      sources: [s3deploy.Source.asset(sourceDir, { exclude: [".*", "**/.*"] })],
      destinationBucket: this.bucket,
      prune: true,
      exclude: [`${QUARANTINE_PREFIX}*`],
      retainOnDelete: true,
      memoryLimit: 256,
    });
    // Notifications and their targets must exist before the first files land.
    deployment.node.addDependency(this.bucket, this.validate, ...after);
    return deployment;
  }
}
