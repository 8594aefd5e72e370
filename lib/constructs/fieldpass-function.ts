import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type BuildOptions, buildSync } from 'esbuild';
import { repoRoot } from '../repo-root';

/** Props of {@link FieldPassFunction}. */
export interface FieldPassFunctionProps {
  /** The handler module, relative to the repository root (e.g. `functions/staff/me.handler.ts`). */
  readonly entry: string;
  /** Shown in the console next to the generated function name. */
  readonly description: string;
  /**
   * @default Duration.seconds(10): an API handler does a few single-request DynamoDB calls;
   * anything slower is a bug to see, not to wait for (HTTP API gives up at 30 s anyway).
   */
  readonly timeout?: Duration;
  /**
   * Memory, which also sets the CPU share.
   * @default 256: the bundled SDK and zod parse noticeably faster than at 128 MB (half the cold
   * start for about the same cost per request, since the duration halves too), and DynamoDB-bound
   * handlers gain nothing from more.
   */
  readonly memorySize?: number;
  /** Extra environment variables (POWERTOOLS_SERVICE_NAME is always set). */
  readonly environment?: Record<string, string>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the function is removed.
   * @default RemovalPolicy.DESTROY (so the stateless stack can be torn down cleanly)
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** Where a function's logs go and how long they stay. */
export interface FunctionLogSettings {
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The log settings of every function in a stage: in production a year, kept when the function is
 * removed (they are the record of who did what); elsewhere a month, removed with the stack.
 */
export const functionLogSettings = (production: boolean): FunctionLogSettings =>
  production
    ? { logRetention: logs.RetentionDays.ONE_YEAR, logRemovalPolicy: RemovalPolicy.RETAIN }
    : { logRetention: logs.RetentionDays.ONE_MONTH, logRemovalPolicy: RemovalPolicy.DESTROY };

/**
 * How every function is bundled. Exported so the bundle-size test builds exactly what CDK deploys.
 */
export const lambdaBundling = {
  /** The Lambda runtime's Node.js major, so nothing is down-levelled needlessly. */
  target: 'node24',
  /** Prefer packages' ES module builds: they tree-shake far better (the SDK above all). */
  mainFields: ['module', 'main'],
  /** CommonJS dependencies bundled into ESM call `require`; give them one. */
  banner:
    "import { createRequire as __fieldpassCreateRequire } from 'node:module'; const require = __fieldpassCreateRequire(import.meta.url);",
  /**
   * Lambda puts the role's credentials in environment variables, so the SDK's default provider
   * chain (SSO, STS, INI, process, IMDS: about 80 kB) is replaced by the environment provider;
   * mnemonist's LRU cache (≈ 7 kB with its dependency) by a Map-based one; the invoke-store
   * package (2.2 kB) by a reader of the store the Lambda runtime publishes; and the four newdash
   * functions @odata/parser calls (54 kB of newdash) by their plain equivalents.
   */
  alias: {
    '@aws-sdk/credential-provider-node': path.join(repoRoot, 'lib/bundling/shims/lambda-credentials.ts'),
    // The DynamoDB client's endpoint cache (unused: no endpoint discovery) needs only a small LRU map.
    'mnemonist/lru-cache': path.join(repoRoot, 'lib/bundling/shims/lru-cache.ts'),
    // The runtime publishes its InvokeStore on globalThis; the SDK's tracing middleware needs only that.
    '@aws/lambda-invoke-store': path.join(repoRoot, 'lib/bundling/shims/lambda-invoke-store.ts'),
    // @odata/parser (the feed's $filter) calls four newdash functions; each of newdash's modules
    // brings its shared internals (54 kB in all).
    ...Object.fromEntries(
      ['map', 'forEach', 'isArray', 'isPlainObject'].map((name) => [
        `@newdash/newdash/${name}`,
        path.join(repoRoot, 'lib/bundling/shims/newdash.ts'),
      ]),
    ),
  },
  /**
   * The SDK loads its event-stream support (≈ 15 kB) with a lazy `import()` that only
   * event-stream operations reach; FieldPass uses none (DynamoDB, Cognito, SES, S3 objects), so
   * it is left out of the bundle rather than parsed on every cold start.
   */
  external: ['@smithy/core/event-streams'],
  /**
   * The contracts' OpenAPI strings (descriptions, examples, summaries) are read only by the
   * OpenAPI document (`npm run openapi`) and the stack's route descriptions, never in Lambda: a
   * function's code writes them `docs && { … }` (functions/shared/openapi-strings.ts), which this
   * makes `false` in a bundle, so esbuild leaves the strings out.
   */
  define: { FIELDPASS_OPENAPI_STRINGS: 'false' },
} as const;

/**
 * `lambdaBundling` as esbuild options, minified ESM for Node: what the bundle-size test and the
 * bench build, so both measure exactly what CDK deploys.
 */
export const lambdaBuildOptions: BuildOptions = {
  absWorkingDir: repoRoot,
  outbase: repoRoot,
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: lambdaBundling.target,
  mainFields: [...lambdaBundling.mainFields],
  banner: { js: lambdaBundling.banner },
  alias: { ...lambdaBundling.alias },
  external: [...lambdaBundling.external],
  define: { ...lambdaBundling.define },
  logLevel: 'silent',
};

/** Every handler module of the product (each `*.handler.ts` under `functions/`), relative to the repository root. */
function handlerEntries(): string[] {
  return readdirSync(path.join(repoRoot, 'functions'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.handler.ts'))
    .map((file) => path.posix.join('functions', file.split(path.sep).join('/')));
}

let bundles: Map<string, Uint8Array> | undefined;

/**
 * `entry` bundled with `lambdaBuildOptions`. The first call bundles every handler module in one
 * esbuild build (each still its own bundle: no code splitting, so each is byte for byte what a
 * build of it alone makes) and keeps them for the process: the SDK and the shared modules are then
 * parsed once, not once per function (a synth bundling 170 functions one by one took six times as
 * long). An entry outside `functions/` is built alone.
 */
function bundleOf(entry: string): Uint8Array {
  bundles ??= buildAll(handlerEntries());
  const bundle = bundles.get(entry) ?? buildAll([entry]).get(entry);
  if (!bundle) throw new Error(`bundling ${entry} made no bundle`);
  return bundle;
}

function buildAll(entries: string[]): Map<string, Uint8Array> {
  const result = buildSync({
    ...lambdaBuildOptions,
    entryPoints: entries.map((entry) => path.join(repoRoot, entry)),
    outdir: path.join(repoRoot, 'cdk.out', 'bundles'),
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error(`bundling ${entries.join(', ')} failed`);
  const byOutput = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const bundled = new Map<string, Uint8Array>();
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    const contents = byOutput.get(path.join(repoRoot, output));
    if (meta.entryPoint && contents) bundled.set(meta.entryPoint, contents);
  }
  return bundled;
}

/**
 * The function's package: `entry` bundled by esbuild with `lambdaBuildOptions` into `index.mjs`,
 * in this process (esbuild's API) and in one build for all functions (`bundleOf`), which is what
 * `cdk synth` and the cdk-nag test spend their time on: a process per function, as NodejsFunction
 * runs, took three times as long as a build per function in the process, which took six times as
 * long as one build. The asset's
 * hash is the bundle's, so a change that leaves the bundle alone deploys nothing. A stack that
 * skips bundling (`cdk synth` of another stack, tests without bundling) skips this too.
 *
 * No source map is deployed (docs/deploying.md, "Source maps"). With --enable-source-maps, Node
 * reads and parses the map at every cold start (1.15–1.2× the module load, measured by
 * `npm run bench`) and maps every stack trace built, handled errors included; and the map (1.7×
 * the bundle) would more than double the package Lambda fetches at a cold start. A trace from the
 * logs is mapped afterwards by `npm run map-stack-trace`, which rebuilds the function with these
 * settings and a source map.
 */
function bundledCode(entry: string): Code {
  return Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local bundling below always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      // Part of the staging cache's key (the function below is not): without it every function
      // would be given the first one's bundle.
      environment: { FIELDPASS_ENTRY: entry },
      local: {
        tryBundle(outputDir) {
          mkdirSync(outputDir, { recursive: true });
          writeFileSync(path.join(outputDir, 'index.mjs'), bundleOf(entry));
          return true;
        },
      },
    },
  });
}

/**
 * Every FieldPass Lambda function: Node.js 24 on arm64, bundled by esbuild as minified ESM with
 * the AWS SDK inside the bundle and no source map (a pinned, tree-shaken SDK instead of whatever
 * the runtime ships), its own log group with retention, active X-Ray tracing, and its own role
 * that may write only to that log group. Grant data access on `fn` (e.g. `table.grantReadData(x.fn)`).
 */
export class FieldPassFunction extends Construct {
  /** The function; pass it to grants and integrations. */
  readonly fn: LambdaFunction;
  /** The function's execution role: its own log group and X-Ray, plus whatever is granted. */
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FieldPassFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: that managed policy lets the
    // function create and write any log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.entry}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute ends in ":*", which covers its streams and nothing else.
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new LambdaFunction(this, 'Function', {
      code: bundledCode(props.entry),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      // X-Ray traces each invocation (and API Gateway's request) from outside the code. There is
      // no Powertools Tracer inside: with aws-xray-sdk-core it adds about 125 kB (minified) to a
      // bundle, more than any function that calls AWS has left of its 250 kB budget (at most 45 kB).
      tracing: Tracing.ACTIVE,
      // No NODE_OPTIONS=--enable-source-maps, and no source map in the package: see `bundledCode`.
      environment: {
        POWERTOOLS_SERVICE_NAME: 'fieldpass',
        ...props.environment,
      },
    });

    // Lambda adds the X-Ray statement when tracing is active; its actions have no resource-level
    // permissions, so it cannot name a resource. Acknowledged on this role's policy only.
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only xray:PutTraceSegments and xray:PutTelemetryRecords use "*": X-Ray supports no resource-level permissions for them.',
      });
    }
  }
}
