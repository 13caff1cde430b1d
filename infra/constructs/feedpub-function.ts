/**
 * One way to build a feedpub Lambda function: NodejsFunction on Node.js 24, arm64, an ESM bundle
 * (minified, tree-shaken, with a source map), its own log group with a retention, JSON logs
 * filtered by level by Lambda itself (advanced logging controls), and its own role with only what
 * the caller grants.
 */
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ENV } from "../../functions/handlers/env-names.js";

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
 * the stack deploys). Issue 5's budget is 400 KB minified and 100 ms to import, per function.
 *
 * The AWS SDK v3 is NOT bundled: `@aws-sdk/*` is external and comes from the nodejs24.x runtime,
 * which ships SDK v3. Bundled, the S3 + CloudFront clients alone are ~560 KB minified, over the
 * budget by themselves. The handlers `require` the SDK on their first invocation
 * (functions/handlers/aws-sdk.ts; the runtime's copy is on NODE_PATH), so importing the bundle
 * stays fast; the first invocation pays for loading the runtime's SDK instead (bundle-size.ts
 * measures both: "import" and "cold start").
 * Trade-off: the SDK version is the runtime's, not package-lock.json's. AWS updates it with the
 * runtime; tests run against the locked version. What the code relies on: PutObject If-Match /
 * If-None-Match (SDK ≥ 3.693, Nov 2024; every nodejs24.x runtime ships a later one), CopyObject
 * CopySourceIfMatch, CreateInvalidation, SendMessageBatch. Pin it (bundle it, or a layer) only if
 * a runtime SDK ever misbehaves: remove "@aws-sdk/*" from `external`.
 *
 * `alias` swaps five dependencies for slimmer entry points to the same code, or for stubs of code
 * that never runs, ~185 KB in all (the bundle tests run the result: test/unit/bundles.test.ts,
 * test/unit/infra/bundle-stubs.test.ts; test/unit/render/sanitize-style.test.ts checks what makes
 * the postcss stub safe):
 * - postcss → a stub that throws: sanitize-html needs it only to parse `style` attributes, which
 *   functions/core/render/body/sanitize.ts filters itself (parseStyleAttributes: false). ~90 KB
 *   with source-map-js.
 * - htmlparser2 → its streaming Parser, all sanitize-html uses; the package's CommonJS index also
 *   loads domhandler, domutils and dom-serializer (with another copy of the entity tables). ~95 KB.
 * - entities (markdown-it's) → its two decoders only (bundle-shims/entities.js), and
 *   entities/lib/decode.js (htmlparser2's) → the same file: one entity table instead of two, no
 *   encoding tables. ~55 KB.
 * - yaml → its ES module build (the package's "default" export; "node" picks the CommonJS one),
 *   which esbuild can tree-shake: the same parser compiled differently. It differs from the
 *   CommonJS build only where it touches Node: warnings go to console.warn, not
 *   process.emitWarning, and `!!binary` (not in the core schema we parse with) decodes with atob.
 *   Through bundle-shims/yaml.js, which re-exports only what functions/core/load/source.ts uses
 *   (YAML_EXPORTS_USED): source.ts `require`s yaml lazily, and esbuild keeps every export of a
 *   required module, so the package's index would keep stringify, visit and the CST helpers
 *   (6.1 KiB). ~17 KB + 6.1 KiB.
 * - linkify-it → a stub whose methods throw (bundle-shims/linkify-it.js): markdown-it constructs
 *   one always but calls it only with its `linkify` option on, which functions/core/markdown.ts
 *   turns off. 8.8 KiB.
 * The node_modules paths are those of package-lock.json (entities 4.5.0 nested under
 * htmlparser2); if npm lays them out differently, the build fails, it does not silently change.
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
  /** Taken from the Lambda runtime (see above). */
  external: ["@aws-sdk/*"] as string[],
  /** Package → file, relative to the repository root (esbuild resolves aliases in its working directory). */
  alias: {
    postcss: "./infra/constructs/bundle-shims/postcss.js",
    htmlparser2: "./node_modules/htmlparser2/lib/esm/Parser.js",
    entities: "./infra/constructs/bundle-shims/entities.js",
    "entities/lib/decode.js": "./node_modules/htmlparser2/node_modules/entities/lib/esm/decode.js",
    yaml: "./infra/constructs/bundle-shims/yaml.js",
    "linkify-it": "./infra/constructs/bundle-shims/linkify-it.js",
  } as Record<string, string>,
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
  /** Metric dimension `service` (functions/handlers/metrics.ts), which the alarms select on. */
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
      // The runtime writes each console call as a JSON line (timestamp, level, requestId, message:
      // functions/handlers/log.ts) and drops those below the level. INFO, not WARN: the EMF metric
      // lines (functions/handlers/metrics.ts) have no level, Lambda files them as INFO, and a
      // stricter level would drop them and leave the PublishBlocked/InvalidContent alarms blind.
      // System logs at INFO keep the platform's per-invocation report (duration, memory, init).
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      awsSdkConnectionReuse: false,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        [ENV.serviceName]: props.serviceName,
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
        esbuildArgs: {
          "--tree-shaking": "true",
          "--legal-comments": BUNDLING.legalComments,
          // Not the `charset` prop: aws-cdk-lib 2.276 documents it but never passes it to esbuild,
          // and ASCII output (\uXXXX escapes) made the bundles ~20 KB larger than measured.
          "--charset": BUNDLING.charset,
          // esbuild runs in PROJECT_ROOT, where the alias paths are relative to.
          "--alias": Object.entries(BUNDLING.alias).map(([name, path]) => `${name}=${path}`),
        },
      },
    });
  }
}
