/** Lambda entry: validate a content file put into the content bucket (S3 event). See validate-handler.ts. */
import type { S3Event } from "aws-lambda";
import { type SqsSdk, s3Sdk, sqsSdk } from "./aws-sdk.js";
import { readEnv } from "./env.js";
import { ENV, METRICS_NAMESPACE } from "./env-names.js";
import { createConsoleLog } from "./log.js";
import { createMetrics } from "./metrics.js";
import { createValidateHandler, type ValidateHandler } from "./validate-handler.js";

const env = readEnv([ENV.contentBucket, ENV.publishQueueUrl, ENV.serviceName]);
const log = createConsoleLog();
const metrics = createMetrics({ namespace: METRICS_NAMESPACE, service: env[ENV.serviceName] });

/**
 * The handler with its clients, built on the first invocation (the S3 client is loaded then; the
 * SQS client when a first file is forwarded: a rejected upload never needs it).
 */
function createHandler(): ValidateHandler {
  const { S3Client } = s3Sdk();
  let sqs: InstanceType<SqsSdk["SQSClient"]> | undefined;
  return createValidateHandler({
    s3: new S3Client({}),
    sqs: {
      send(command) {
        sqs ??= new (sqsSdk().SQSClient)({});
        return sqs.send(command);
      },
    },
    contentBucket: env[ENV.contentBucket],
    queueUrl: env[ENV.publishQueueUrl],
    log,
    metrics,
  });
}

let handle: ValidateHandler | undefined;

export const handler: ValidateHandler = async (event: S3Event) => {
  handle ??= createHandler();
  return handle(event);
};
