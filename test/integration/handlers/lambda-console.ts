/**
 * The Lambda Node.js runtime's `console` in the JSON log format, for tests (AWS is the one thing
 * emulated; nothing of ours). As the runtime does it (aws-lambda-nodejs-runtime-interface-client,
 * src/LogPatch.js): each console.debug/info/log/warn/error call becomes ONE line
 * `{"timestamp","level","requestId","message"}`. With a single argument, `message` is that value
 * itself, JSON-encoded (an Error as errorType/errorMessage/stackTrace plus its own properties); if
 * that cannot be encoded (a cycle), or with several arguments, `message` is util.format's string.
 * Used in-process by the log tests and, bundled, in the child processes of bundle.test.ts.
 */
import { format } from "node:util";

export interface LambdaConsoleOptions {
  requestId: string;
  /** Receives each line, without its newline. */
  write: (line: string) => void;
}

const LEVELS = { debug: "DEBUG", info: "INFO", log: "INFO", warn: "WARN", error: "ERROR" } as const;

function errorsAsObjects(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return {
    errorType: value.constructor?.name ?? "UnknownError",
    errorMessage: value.message,
    stackTrace: value.stack?.split("\n") ?? [],
    ...value,
  };
}

/** The runtime's line for one console call. */
export function lambdaJsonLine(level: string, requestId: string, params: unknown[]): string {
  const head = { timestamp: new Date().toISOString(), level, requestId };
  if (params.length === 1) {
    try {
      return JSON.stringify({ ...head, message: params[0] }, errorsAsObjects);
    } catch {
      return JSON.stringify({ ...head, message: format(params[0]) });
    }
  }
  return JSON.stringify({ ...head, message: format(...params) });
}

/** Replaces the console methods as the runtime does; returns a function that puts them back. */
export function installLambdaJsonConsole(options: LambdaConsoleOptions): () => void {
  const saved = Object.keys(LEVELS).map((name) => [name, console[name as keyof typeof LEVELS]] as const);
  for (const [name, level] of Object.entries(LEVELS)) {
    console[name as keyof typeof LEVELS] = (...params: unknown[]) =>
      options.write(lambdaJsonLine(level, options.requestId, params));
  }
  return () => {
    for (const [name, method] of saved) console[name as keyof typeof LEVELS] = method;
  };
}
