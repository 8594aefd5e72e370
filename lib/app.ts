import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type FieldPassConfig, isProduction, readConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';

/** The synthesisable FieldPass app and what it was built from. */
export interface FieldPassApp {
  readonly app: App;
  readonly config: FieldPassConfig;
  readonly data: DataStack;
  readonly api: ApiStack;
}

/**
 * Builds the FieldPass CDK app: `FieldPass-<stage>-Data` (stateful) and `FieldPass-<stage>-Api`
 * (stateless), checked by cdk-nag's AwsSolutions pack at synth. bin/app.ts calls this, and so do
 * the infra tests, so both synthesise exactly the same app.
 *
 * The stacks are environment-agnostic (no account or region lookups): `cdk synth` runs offline
 * and `cdk deploy` targets the CLI's current credentials and region.
 *
 * @param context CDK context (stage, senderEmail, portalUrl, staffUrl, alarmTopicArn, webOrigins, feature
 *   flags) as defaults: what the CLI passes (`-c`, cdk.json) takes precedence
 * @param appProps further App props, e.g. `outdir` in tests
 * @param options `checks: false` leaves cdk-nag out: for tests of the templates alone (a third of
 *   a synth's time); `cdk synth` and the cdk-nag test always check
 */
export function buildApp(
  context: Record<string, unknown> = {},
  appProps: Omit<AppProps, 'context'> = {},
  options: { checks?: boolean } = {},
): FieldPassApp {
  const app = new App({ ...appProps, context });
  const config = readConfig((key) => app.node.tryGetContext(key));
  const production = isProduction(config);
  const prefix = `FieldPass-${config.stage}`;
  const tags = { project: 'fieldpass', stage: config.stage };

  const data = new DataStack(app, `${prefix}-Data`, {
    description: `FieldPass ${config.stage}: table, attachments bucket, user pools, portal site (stateful)`,
    tags,
    terminationProtection: production,
    production,
    stage: config.stage,
    senderEmail: config.senderEmail,
    ...(config.portalUrl === undefined ? {} : { portalUrl: config.portalUrl }),
    ...(config.staffUrl === undefined ? {} : { staffUrl: config.staffUrl }),
  });

  const api = new ApiStack(app, `${prefix}-Api`, {
    description: `FieldPass ${config.stage}: HTTP API, functions, stream consumer, portal files (stateless)`,
    tags,
    production,
    table: data.table,
    stage: config.stage,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    portalUserPool: data.portalUserPool,
    portalUserPoolClient: data.portalUserPoolClient,
    portalImpersonationClient: data.portalImpersonationClient,
    // The console's distribution calls the API from its own origin.
    webOrigins: [...config.webOrigins, data.consoleSite.url],
    portalUrl: data.portalUrl,
    portalOrigin: data.portalOrigin,
    portalDistribution: data.portalSite.distribution,
    consoleDistribution: data.consoleSite.distribution,
    // The console's own distribution URL unless a domain fronting it is configured.
    staffUrl: config.staffUrl ?? data.consoleSite.url,
    senderEmail: config.senderEmail,
    ...(config.alarmTopicArn === undefined ? {} : { alarmTopicArn: config.alarmTopicArn }),
  });

  // Findings fail the synth; each accepted one is acknowledged, with its reason, where it arises.
  if (options.checks !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  return { app, config, data, api };
}
