/**
 * The publisher the publish and schedule entry points share, built once per Lambda container
 * from the environment (fails fast naming a missing variable).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { S3Client } from "@aws-sdk/client-s3";
import { createS3Storage } from "../storage/s3.js";
import { readEnv } from "./env.js";
import { ENV } from "./env-names.js";
import { createPublisher, type Publisher } from "./publisher.js";

export function createPublisherFromEnv(): { publisher: Publisher; logger: Logger; metrics: Metrics } {
  const env = readEnv([ENV.contentBucket, ENV.siteBucket, ENV.distributionId]);
  const logger = new Logger();
  const metrics = new Metrics();
  const s3 = new S3Client({});
  const publisher = createPublisher({
    s3,
    contentBucket: env[ENV.contentBucket],
    site: createS3Storage({ bucket: env[ENV.siteBucket], client: s3 }),
    cloudFront: new CloudFrontClient({}),
    distributionId: env[ENV.distributionId],
    logger,
    metrics,
  });
  return { publisher, logger, metrics };
}
