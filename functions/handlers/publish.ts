/** Lambda entry: publish the site for a batch of content changes (SQS). See publish-handler.ts. */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { S3Client } from "@aws-sdk/client-s3";
import { createS3Storage } from "../storage/s3.js";
import { readEnv } from "./env.js";
import { ENV } from "./env-names.js";
import { createPublishHandler } from "./publish-handler.js";
import { createPublisher } from "./publisher.js";

const env = readEnv([ENV.contentBucket, ENV.siteBucket, ENV.distributionId]);
const logger = new Logger();
const metrics = new Metrics();
const s3 = new S3Client({});

export const handler = createPublishHandler({
  publisher: createPublisher({
    s3,
    contentBucket: env[ENV.contentBucket],
    site: createS3Storage({ bucket: env[ENV.siteBucket], client: s3 }),
    cloudFront: new CloudFrontClient({}),
    distributionId: env[ENV.distributionId],
    logger,
    metrics,
  }),
  logger,
  metrics,
});
