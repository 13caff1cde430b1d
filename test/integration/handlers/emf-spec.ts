/**
 * CloudWatch's embedded metric format specification as a checker for tests
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html,
 * its document structure and its JSON schema): every rule a document breaks, as a sentence; none
 * means CloudWatch Logs would extract its metrics.
 */

/** The units the specification's schema allows (CloudWatch's MetricDatum units). */
const UNITS = new Set([
  ...["Seconds", "Microseconds", "Milliseconds", "Percent", "Count", "None"],
  ...["Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes"],
  ...["Bits", "Kilobits", "Megabits", "Gigabits", "Terabits"],
  ...["Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes"].map((u) => `${u}/Second`),
  ...["Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Count"].map((u) => `${u}/Second`),
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const isName = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 255;

/** Members of an object the specification defines that it does not list (it allows none). */
function extraMembers(where: string, value: Record<string, unknown>, allowed: string[]): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${where} has a member the specification does not define: ${key}`);
}

export function emfViolations(document: unknown): string[] {
  if (!isObject(document)) return ["the root node must be a JSON object"];
  const aws = document._aws;
  if (!isObject(aws)) return ["the root node must have an _aws metadata object"];
  const out = extraMembers("_aws", aws, ["Timestamp", "CloudWatchMetrics"]);
  if (!Number.isInteger(aws.Timestamp) || (aws.Timestamp as number) < 0) {
    out.push("_aws.Timestamp must be an integer: milliseconds since 1970-01-01T00:00:00Z");
  }
  if (!Array.isArray(aws.CloudWatchMetrics)) {
    return [...out, "_aws.CloudWatchMetrics must be an array of metric directives"];
  }
  aws.CloudWatchMetrics.forEach((directive: unknown, d) => {
    const at = `_aws.CloudWatchMetrics[${d}]`;
    if (!isObject(directive)) {
      out.push(`${at} must be an object`);
      return;
    }
    out.push(...extraMembers(at, directive, ["Namespace", "Dimensions", "Metrics"]));
    if (!isName(directive.Namespace)) out.push(`${at}.Namespace must be a string of 1 to 255 characters`);
    const sets = directive.Dimensions;
    if (!Array.isArray(sets) || sets.length === 0) {
      out.push(`${at}.Dimensions must be a non-empty array of dimension sets`);
    } else {
      sets.forEach((set: unknown, s) => {
        if (!Array.isArray(set) || set.length > 9) {
          out.push(`${at}.Dimensions[${s}] must be an array of at most 9 dimension keys`);
          return;
        }
        for (const key of set) {
          if (!isName(key)) out.push(`${at}.Dimensions[${s}] has a key that is not a 1–255 character string`);
          else if (typeof document[key] !== "string") {
            out.push(`dimension ${key} must be a string member of the root node`);
          }
        }
      });
    }
    const metrics = directive.Metrics;
    if (!Array.isArray(metrics) || metrics.length > 100) {
      out.push(`${at}.Metrics must be an array of at most 100 metric definitions`);
      return;
    }
    metrics.forEach((metric: unknown, m) => {
      const where = `${at}.Metrics[${m}]`;
      if (!isObject(metric)) {
        out.push(`${where} must be an object`);
        return;
      }
      out.push(...extraMembers(where, metric, ["Name", "Unit", "StorageResolution"]));
      if (!isName(metric.Name)) {
        out.push(`${where}.Name must be a string of 1 to 255 characters`);
        return;
      }
      if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string)) {
        out.push(`${where}.Unit ${String(metric.Unit)} is not a CloudWatch unit`);
      }
      if (metric.StorageResolution !== undefined && ![1, 60].includes(metric.StorageResolution as number)) {
        out.push(`${where}.StorageResolution must be 1 or 60`);
      }
      const value = document[metric.Name];
      const numbers = Array.isArray(value) ? value : [value];
      if (numbers.length > 100 || !numbers.every((n) => typeof n === "number" && Number.isFinite(n))) {
        out.push(
          `metric ${metric.Name} must be a number, or an array of at most 100 numbers, on the root node`,
        );
      }
    });
  });
  return out;
}
