/**
 * The handlers' log: a message and a few structured fields per call. On Lambda it goes through
 * `console`, which the Node.js runtime replaces with its own writer when the function's log format
 * is JSON (infra/constructs/feedpub-function.ts: loggingFormat, applicationLogLevelV2): each call
 * becomes one line `{"timestamp","level","requestId","message"}`, filtered by the function's
 * application log level, with no logging library in the bundle.
 *
 * How the runtime fills `message` (aws-lambda-nodejs-runtime-interface-client, src/LogPatch.js,
 * formatJsonMessage): with ONE argument, `message` is that value, JSON-encoded as it is; with more,
 * `message` is util.format's string of all of them. So every call passes a single object — the text
 * as `msg`, the fields beside it — and CloudWatch Logs Insights sees them as `message.msg`,
 * `message.file`, `message.line`... (`filter message.code = "schema.format"`). Two fields side by
 * side would have become one string.
 */

export type LogFields = Readonly<Record<string, unknown>>;

export interface Log {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * What an Error field becomes: the names the runtime gives an uncaught error, so one query finds
 * both. Only these three: the runtime would copy every own property too, and an AWS SDK error
 * carries its HTTP response (`$response`, a socket-backed stream); JSON.stringify fails on its
 * cycles and the runtime falls back to one util.format string, losing every field of the line.
 */
interface LoggedError {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
}

function loggedError(error: Error): LoggedError {
  return {
    errorType: error.name,
    errorMessage: error.message,
    stackTrace: error.stack?.split("\n") ?? [],
  };
}

/** The one object a log call hands to `console`: `msg`, then the fields (Error values reduced). */
function logRecord(message: string, fields: LogFields = {}): Record<string, unknown> {
  const record: Record<string, unknown> = { msg: message };
  for (const [key, value] of Object.entries(fields)) {
    record[key] = value instanceof Error ? loggedError(value) : value;
  }
  return record;
}

/**
 * The Lambda log: `console.info` / `warn` / `error` with one object. `console` is looked up at
 * each call, not captured, so whatever writer is installed then (the runtime's) receives it.
 */
export function createConsoleLog(): Log {
  return {
    info: (message, fields) => console.info(logRecord(message, fields)),
    warn: (message, fields) => console.warn(logRecord(message, fields)),
    error: (message, fields) => console.error(logRecord(message, fields)),
  };
}
