/**
 * One way to build a feedpub Lambda function: NodejsFunction on Node.js 24, arm64, an ESM bundle
 * (minified, tree-shaken, with a source map), its own log group with a retention, its own role
 * with only what the caller grants, and Powertools settings in the environment.
 */
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as lambda_nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import { NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { METRICS_NAMESPACE } from "../../functions/handlers/env-names.js";

/** The repository root (infra/constructs/../..). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Node.js 24 on Lambda. Node 20 can no longer be updated there; 22 works but 24 is the current LTS.
 * Older aws-cdk-lib versions lack the constant, hence the fallback.
 */
export const NODE_RUNTIME: lambda.Runtime =
  (lambda.Runtime as unknown as Record<string, lambda.Runtime | undefined>).NODEJS_24_X ??
  new lambda.Runtime("nodejs24.x", lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

/**
 * esbuild settings shared by the stack and `scripts/bundle-size.ts` (which measures exactly what
 * the stack deploys, and the alternative). The AWS SDK v3 IS bundled rather than taken from the
 * nodejs24.x runtime: the versions we test against s3rver are the versions that run (the engine
 * relies on S3 conditional writes), and one tree-shaken file imports ~3× faster than the runtime's
 * SDK spread over hundreds of files (measured: ~150 ms vs ~530–660 ms per function on a 2-core
 * machine), which is what a cold start pays. The cost is ~0.55 MB more code per zip.
 */
export const BUNDLING = {
  format: "esm",
  platform: "node",
  target: "node24",
  minify: true,
  sourcemap: true,
  treeShaking: true,
  mainFields: ["module", "main"],
  charset: "utf8",
  legalComments: "none",
  /** ESM output still meets CommonJS dependencies that call `require` for Node built-ins. */
  banner:
    "import{createRequire as __feedpubCreateRequire}from'node:module';const require=__feedpubCreateRequire(import.meta.url);",
  external: [] as string[],
} as const;

/** Handler entry points (relative to the repository root), one per function. */
export const HANDLER_ENTRIES = {
  validate: "functions/handlers/validate.ts",
  publish: "functions/handlers/publish.ts",
  schedule: "functions/handlers/schedule.ts",
} as const;

export interface FeedpubFunctionProps {
  /** Handler source, relative to the repository root, e.g. `functions/handlers/publish.ts`. */
  readonly entry: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Powertools service name (log field `service`, metric dimension `service`). */
  readonly serviceName: string;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the log group when the stack is deleted. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Extra environment variables (names from functions/handlers/env-names.ts). @default {} */
  readonly environment?: Record<string, string>;
}

export class FeedpubFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FeedpubFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy (logs:* on every group).
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, "Function", {
      entry: `${PROJECT_ROOT}${props.entry}`,
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      awsSdkConnectionReuse: false,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: "INFO",
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourcemap,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        externalModules: [...BUNDLING.external],
        charset: lambda_nodejs.Charset.UTF8,
        esbuildArgs: { "--tree-shaking": "true", "--legal-comments": BUNDLING.legalComments },
      },
    });
  }
}
