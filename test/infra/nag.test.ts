import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string }[];
    suppressedViolations?: { ruleName: string; reason: string; acknowledgedAt: string }[];
  }[];
}

const reportOf = (assembly: CloudAssembly): ValidationReport =>
  JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));

const violationsOf = (report: ValidationReport) =>
  report.pluginReports.flatMap((plugin) => plugin.violations.map((v) => `${plugin.pluginName}: ${v.ruleName}`));

// Bundling 110 functions is slow on a busy machine (over 400 s with other test runs beside it);
// this limit is a safety net against a hang, not an assertion about speed.
const bundlingLimit = 900_000;
// A synth without bundling takes a few seconds, over 20 s on a machine busy with other test runs.
const synthLimit = 120_000;

describe('the synth with cdk-nag', () => {
  let devAssembly: CloudAssembly | undefined;
  /** The dev app, bundled for real, as `cdk synth` builds it; synthesised once for this file. */
  const synthDev = () => {
    devAssembly ??= buildTestApp({ stage: 'dev' }, { bundle: true, nag: true }).app.synth();
    return devAssembly;
  };

  it(
    'passes for dev, with every function bundled, leaving no unacknowledged finding',
    () => {
      const assembly = synthDev();

      expect(violationsOf(reportOf(assembly))).toEqual([]);
    },
    bundlingLimit,
  );

  it(
    'bundles every function as minified ESM without a source map',
    () => {
      type Resources = Record<string, { Type: string; Properties: { Handler?: string; Code?: { S3Key: string } } }>;
      // The Api stack's own functions and the portal pool's triggers in the Data stack; not the
      // CDK's own BucketDeployment handler (Python), which copies the portal's files.
      const lambdasOf = (stackName: string) =>
        Object.entries((synthDev().getStackByName(stackName).template as { Resources: Resources }).Resources)
          .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !id.startsWith('CustomCDKBucketDeployment'))
          .map(([, r]) => r);
      const triggers = lambdasOf('FieldPass-dev-Data');
      const lambdas = [...lambdasOf('FieldPass-dev-Api'), ...triggers];

      expect(triggers).toHaveLength(4);
      for (const fn of lambdas) {
        const assetDir = join(synthDev().directory, `asset.${fn.Properties.Code?.S3Key.replace(/\.zip$/, '')}`);
        expect(fn.Properties.Handler).toBe('index.handler');
        expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
        // No source map in the package (docs/deploying.md, "Source maps": npm run map-stack-trace).
        expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(false);
        const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
        expect(code).not.toContain('sourceMappingURL');
        // The banner gives bundled CommonJS dependencies a `require` inside the ES module.
        expect(code.startsWith('import { createRequire as')).toBe(true);
      }
    },
    bundlingLimit,
  );

  it(
    'gives a reason a reviewer can read for every acknowledged finding',
    () => {
      const acknowledged = reportOf(synthDev()).pluginReports.flatMap((plugin) => plugin.suppressedViolations ?? []);

      expect(acknowledged.length).toBeGreaterThan(0);
      for (const finding of acknowledged) expect(finding.reason.length, finding.ruleName).toBeGreaterThan(40);
    },
    bundlingLimit,
  );

  it(
    'passes for prod, leaving no unacknowledged finding',
    () => {
      const assembly = buildTestApp(
        { stage: 'prod', alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms' },
        { nag: true },
      ).app.synth();

      expect(violationsOf(reportOf(assembly))).toEqual([]);
    },
    synthLimit,
  );

  it(
    'fails the synth on an unacknowledged error-level finding',
    () => {
      const { app, api } = buildTestApp({}, { nag: true });
      new Queue(api, 'PlainQueue', { encryption: QueueEncryption.UNENCRYPTED });

      expect(() => app.synth()).toThrow(/AwsSolutions-SQS2/);
    },
    synthLimit,
  );

  it(
    'fails the synth on an unacknowledged warning-level finding too',
    () => {
      const { app, data } = buildTestApp({}, { nag: true });
      // No point-in-time recovery: AwsSolutions-DDB3, which cdk-nag rates a warning.
      new Table(data, 'UnprotectedTable', { partitionKey: { name: 'id', type: AttributeType.STRING } });

      expect(() => app.synth()).toThrow(/AwsSolutions-DDB3/);
    },
    synthLimit,
  );
});
