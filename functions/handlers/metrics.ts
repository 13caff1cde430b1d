/**
 * The handlers' metrics as CloudWatch embedded metric format (EMF): one JSON line per invocation
 * on stdout, from which CloudWatch Logs extracts the metrics — no PutMetricData call, no library.
 * The namespace (METRICS_NAMESPACE), the `service` dimension and the metric names (METRIC) are the
 * ones infra/constructs/alarms.ts alarms on.
 *
 * The line goes straight to process.stdout, not through `console`: in the function's JSON log
 * format the runtime wraps a console call as `{"timestamp",...,"message":{...}}`, and CloudWatch
 * extracts metrics only from a document with `_aws` at its root. A raw stdout line has no `level`,
 * so Lambda files it as INFO: the function's application log level must stay INFO or finer, or
 * the metrics are dropped with it (see feedpub-function.ts).
 */
import type { METRIC } from "./env-names.js";

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

export interface Metrics {
  /** Adds `value` to this invocation's count of `name`. */
  count(name: MetricName, value: number): void;
  /** Writes the counts as one EMF line (nothing when there are none) and starts again from none. */
  flush(): void;
}

export interface MetricsOptions {
  namespace: string;
  /** Value of the `service` dimension, e.g. `feedpub-validate`. */
  service: string;
  /** Where the line goes. @default process.stdout, one line */
  write?: (line: string) => void;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
}

/**
 * One EMF document (CloudWatch_Embedded_Metric_Format_Specification): `_aws.Timestamp` in epoch
 * milliseconds, one metric directive (namespace, the dimension set `[["service"]]`, each metric
 * with unit Count), and the dimension's and the metrics' values as members of the root.
 */
export function emfDocument(
  options: Pick<MetricsOptions, "namespace" | "service">,
  counts: ReadonlyMap<MetricName, number>,
  timestamp: number,
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: options.namespace,
          Dimensions: [["service"]],
          Metrics: [...counts.keys()].map((name) => ({ Name: name, Unit: "Count" })),
        },
      ],
    },
    service: options.service,
    ...Object.fromEntries(counts),
  };
}

/**
 * Counts summed per invocation: a metric counted twice (two rejected files) is one value, 2, not
 * the list [1, 1]. The alarms read the Sum, which is the same; a sum also never meets EMF's limit
 * of 100 values per metric.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const counts = new Map<MetricName, number>();
  return {
    count(name, value) {
      counts.set(name, (counts.get(name) ?? 0) + value);
    },
    flush() {
      if (counts.size === 0) return;
      const line = JSON.stringify(emfDocument(options, counts, now()));
      counts.clear();
      write(line);
    },
  };
}
