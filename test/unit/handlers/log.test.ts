/**
 * The handlers' log as Lambda writes it: the real console-based implementation, run under the
 * runtime's JSON console (emulated: test/integration/handlers/lambda-console.ts), must give one
 * JSON line per call whose `message` keeps every field as a field, so that CloudWatch Logs Insights
 * can filter on `message.file`, `message.code`...
 */
import { afterEach, describe, expect, it } from "vitest";
import { createConsoleLog } from "../../../functions/handlers/log.js";
import { installLambdaJsonConsole } from "../../integration/handlers/lambda-console.js";

const REQUEST_ID = "8f507cfc-example-request";

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Lines the emulated runtime writes while `run` logs, parsed. */
function linesOf(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  restore = installLambdaJsonConsole({ requestId: REQUEST_ID, write: (line) => lines.push(line) });
  run();
  restore();
  restore = undefined;
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** An AWS SDK error as the SDK builds it: its HTTP response hangs on it, and responses have cycles. */
function sdkError(): Error {
  const response: Record<string, unknown> = { statusCode: 503 };
  response.socket = { owner: response };
  return Object.assign(new Error("Service Unavailable"), {
    name: "ServiceUnavailable",
    $metadata: { httpStatusCode: 503 },
    $response: response,
  });
}

describe("console log under Lambda's JSON log format", () => {
  it("writes one line per call: level, request id, and the message text and fields side by side", () => {
    const log = createConsoleLog();
    const lines = linesOf(() => {
      log.error("articles/quake.md:3:12  published  must be a date-time", {
        file: "articles/quake.md",
        line: 3,
        column: 12,
        field: "published",
        code: "schema.format",
      });
      log.warn("another publish holds the manifest lock");
      log.info("published", { puts: 7, invalidationPaths: ["/feed.xml"] });
    });
    expect(lines).toEqual([
      {
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        level: "ERROR",
        requestId: REQUEST_ID,
        message: {
          msg: "articles/quake.md:3:12  published  must be a date-time",
          file: "articles/quake.md",
          line: 3,
          column: 12,
          field: "published",
          code: "schema.format",
        },
      },
      expect.objectContaining({
        level: "WARN",
        message: { msg: "another publish holds the manifest lock" },
      }),
      expect.objectContaining({
        level: "INFO",
        message: { msg: "published", puts: 7, invalidationPaths: ["/feed.xml"] },
      }),
    ]);
  });

  it("keeps a line structured when it carries an AWS SDK error, which the runtime alone cannot encode", () => {
    const error = sdkError();
    // What the runtime does with the error as it is: the cycle defeats JSON.stringify, and the
    // whole message falls back to one string.
    const [raw] = linesOf(() => console.error({ msg: "publish failed", error }));
    expect(typeof raw?.message).toBe("string");

    const [line] = linesOf(() => createConsoleLog().error("publish failed", { error, attempt: 2 }));
    expect(line?.message).toEqual({
      msg: "publish failed",
      error: {
        errorType: "ServiceUnavailable",
        errorMessage: "Service Unavailable",
        stackTrace: expect.arrayContaining([expect.stringContaining("sdkError")]),
      },
      attempt: 2,
    });
  });
});
