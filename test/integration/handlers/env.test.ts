/** Handler entry modules read their environment once, at import, and name what is missing. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { MissingEnvironmentError, readEnv } from "../../../functions/handlers/env.js";

const ENTRIES = {
  publish: () => import("../../../functions/handlers/publish.js"),
  schedule: () => import("../../../functions/handlers/schedule.js"),
  validate: () => import("../../../functions/handlers/validate.js"),
};

const NAMES = [
  "FEEDPUB_CONTENT_BUCKET",
  "FEEDPUB_SITE_BUCKET",
  "FEEDPUB_DISTRIBUTION_ID",
  "FEEDPUB_PUBLISH_QUEUE_URL",
  "FEEDPUB_SERVICE_NAME",
];

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("handler environment", () => {
  it("readEnv returns the values and names every missing or empty variable", () => {
    expect(readEnv(["A", "B"], { A: "1", B: "2" })).toEqual({ A: "1", B: "2" });
    expect(() => readEnv(["A", "B", "C"], { A: "1", B: "" })).toThrow(
      new MissingEnvironmentError(
        "feedpub: missing environment variables B, C (the stack in infra/ sets them on the function)",
      ),
    );
  });

  for (const [entry, missing] of [
    ["publish", "FEEDPUB_CONTENT_BUCKET, FEEDPUB_SITE_BUCKET, FEEDPUB_DISTRIBUTION_ID, FEEDPUB_SERVICE_NAME"],
    [
      "schedule",
      "FEEDPUB_CONTENT_BUCKET, FEEDPUB_SITE_BUCKET, FEEDPUB_DISTRIBUTION_ID, FEEDPUB_SERVICE_NAME",
    ],
    ["validate", "FEEDPUB_CONTENT_BUCKET, FEEDPUB_PUBLISH_QUEUE_URL, FEEDPUB_SERVICE_NAME"],
  ] as const) {
    it(`importing the ${entry} entry without its environment fails fast, naming ${missing}`, async () => {
      for (const name of NAMES) vi.stubEnv(name, "");
      await expect(ENTRIES[entry]()).rejects.toThrow(
        `missing environment variables ${missing} (the stack in infra/ sets them on the function)`,
      );
    });
  }

  it("with its environment set, the publish entry exports an async handler and makes no request at import", async () => {
    vi.stubEnv("FEEDPUB_CONTENT_BUCKET", "content-bucket");
    vi.stubEnv("FEEDPUB_SITE_BUCKET", "site-bucket");
    vi.stubEnv("FEEDPUB_DISTRIBUTION_ID", "E2EXAMPLE123");
    vi.stubEnv("FEEDPUB_SERVICE_NAME", "feedpub-publish");
    vi.stubEnv("AWS_REGION", "us-east-1");
    const module = (await import("../../../functions/handlers/publish.js")) as { handler: unknown };
    expect(typeof module.handler).toBe("function");
    expect((module.handler as (...args: unknown[]) => unknown).length).toBe(1);
  });
});
