/**
 * CloudWatch alarms: any function error, anything in the dead-letter queue, rejected content and
 * blocked publishes (from the handlers' EMF metrics, functions/handlers/metrics.ts). Optionally notify an SNS topic.
 */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRIC, METRICS_NAMESPACE } from "../../functions/handlers/env-names.js";

export interface PipelineAlarmsProps {
  /** Functions whose errors raise an alarm, by a short name used in the alarm's description. */
  readonly functions: Record<string, lambda.IFunction>;
  readonly deadLetterQueue: sqs.IQueue;
  /** `service` dimensions whose content metrics are watched (validate, publish, schedule). */
  readonly services: { validate: string; publish: string[] };
  /** Topic notified when an alarm fires and when it recovers. @default no notification */
  readonly topic?: sns.ITopic;
}

export class PipelineAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly topic: sns.ITopic | undefined;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.topic = props.topic;
    const period = Duration.minutes(5);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        `${name}Errors`,
        fn.metricErrors({ period, statistic: "Sum" }),
        `feedpub ${name} function failed`,
      );
    }
    this.add(
      "DeadLetters",
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
      "feedpub events in the dead-letter queue: a publish or validation gave up",
    );
    this.add(
      "InvalidContent",
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.invalidContent,
        dimensionsMap: { service: props.services.validate },
        period,
        statistic: "Sum",
      }),
      "feedpub rejected a content file (quarantined; see the validate function's logs)",
    );
    props.services.publish.forEach((service, index) => {
      this.add(
        `PublishBlocked${index}`,
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: METRIC.publishBlocked,
          dimensionsMap: { service },
          period,
          statistic: "Sum",
        }),
        `feedpub ${service}: content has errors, nothing was published`,
      );
    });
  }

  private add(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    if (this.topic) {
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
    }
    this.alarms.push(alarm);
  }
}
