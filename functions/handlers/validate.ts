/** Lambda entry: validate a content file put into the content bucket (S3 event). See validate-handler.ts. */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { readEnv } from "./env.js";
import { ENV } from "./env-names.js";
import { createValidateHandler } from "./validate-handler.js";

const env = readEnv([ENV.contentBucket, ENV.publishQueueUrl]);
const logger = new Logger();
const metrics = new Metrics();

export const handler = createValidateHandler({
  s3: new S3Client({}),
  sqs: new SQSClient({}),
  contentBucket: env[ENV.contentBucket],
  queueUrl: env[ENV.publishQueueUrl],
  logger,
  metrics,
});
