/**
 * The handlers' metrics: one embedded-metric-format line per invocation, checked against the
 * specification's rules (test/integration/handlers/emf-spec.ts) and against what the alarms in
 * infra/constructs/alarms.ts select: namespace, metric name and the `service` dimension.
 */
import { describe, expect, it } from "vitest";
import { METRIC, METRICS_NAMESPACE } from "../../../functions/handlers/env-names.js";
import { createMetrics } from "../../../functions/handlers/metrics.js";
import { emfViolations } from "../../integration/handlers/emf-spec.js";

const NOW = Date.parse("2026-11-27T12:00:00.000Z");

function recorder() {
  const lines: string[] = [];
  const metrics = createMetrics({
    namespace: METRICS_NAMESPACE,
    service: "feedpub-publish",
    write: (line) => lines.push(line),
    now: () => NOW,
  });
  return { metrics, lines };
}

describe("EMF metrics", () => {
  it("writes one line per flush that the specification accepts, with the alarms' namespace, dimension and names", () => {
    const { metrics, lines } = recorder();
    metrics.count(METRIC.objectsWritten, 7);
    metrics.count(METRIC.objectsDeleted, 0);
    metrics.count(METRIC.pathsInvalidated, 3);
    metrics.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const document = JSON.parse(lines[0]!) as unknown;
    expect(emfViolations(document)).toEqual([]);
    expect(document).toEqual({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [
          {
            Namespace: "feedpub",
            Dimensions: [["service"]],
            Metrics: [
              { Name: "ObjectsWritten", Unit: "Count" },
              { Name: "ObjectsDeleted", Unit: "Count" },
              { Name: "PathsInvalidated", Unit: "Count" },
            ],
          },
        ],
      },
      service: "feedpub-publish",
      ObjectsWritten: 7,
      ObjectsDeleted: 0,
      PathsInvalidated: 3,
    });
  });

  it("sums a metric counted twice in one invocation, and starts again from nothing after a flush", () => {
    const { metrics, lines } = recorder();
    metrics.count(METRIC.invalidContent, 1);
    metrics.count(METRIC.invalidContent, 1);
    metrics.flush();
    metrics.flush();
    metrics.count(METRIC.publishBlocked, 1);
    metrics.flush();
    const documents = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(documents.map((d) => ({ ...d, _aws: undefined }))).toEqual([
      { _aws: undefined, service: "feedpub-publish", InvalidContent: 2 },
      { _aws: undefined, service: "feedpub-publish", PublishBlocked: 1 },
    ]);
    for (const document of documents) expect(emfViolations(document)).toEqual([]);
  });

  it("writes nothing for an invocation that counted nothing", () => {
    const { metrics, lines } = recorder();
    metrics.flush();
    expect(lines).toEqual([]);
  });
});

describe("the EMF checker the tests rely on", () => {
  const valid = {
    _aws: {
      Timestamp: NOW,
      CloudWatchMetrics: [
        { Namespace: "feedpub", Dimensions: [["service"]], Metrics: [{ Name: "Errors", Unit: "Count" }] },
      ],
    },
    service: "feedpub-validate",
    Errors: 1,
  };

  it("accepts the specification's shape and names each broken rule", () => {
    expect(emfViolations(valid)).toEqual([]);
    const directive = valid._aws.CloudWatchMetrics[0]!;
    const broken = (change: (doc: typeof valid) => unknown) => emfViolations(change(structuredClone(valid)));
    expect(broken((d) => ({ ...d, _aws: { ...d._aws, Timestamp: "2026-11-27" } }))).toEqual([
      expect.stringMatching(/Timestamp must be an integer/),
    ]);
    expect(broken((d) => ({ ...d, service: 3 }))).toEqual([
      "dimension service must be a string member of the root node",
    ]);
    expect(broken((d) => ({ ...d, Errors: "1" }))).toEqual([
      expect.stringMatching(/^metric Errors must be a number/),
    ]);
    expect(
      broken((d) => ({
        ...d,
        _aws: {
          ...d._aws,
          CloudWatchMetrics: [{ ...directive, Metrics: [{ Name: "Errors", Unit: "Items" }] }],
        },
      })),
    ).toEqual([expect.stringMatching(/Unit Items is not a CloudWatch unit/)]);
    expect(
      broken((d) => ({
        ...d,
        _aws: { ...d._aws, CloudWatchMetrics: [{ ...directive, Dimensions: [["service"]], Extra: 1 }] },
      })),
    ).toEqual([expect.stringMatching(/does not define: Extra/)]);
    expect(broken((d) => ({ message: d }))).toEqual(["the root node must have an _aws metadata object"]);
  });
});
