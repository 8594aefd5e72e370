import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { FieldPassApp } from '../../lib/app';
import { portalAssetDirectory } from '../../lib/constructs/portal-deployment';
import { buildConsoleSync, buildPortalSync, consoleConfigScript, portalConfigScript } from '../../web/build';
import { onlyValue, sharedTestApp, stackTemplate } from './support';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Resources = Record<string, Resource>;
type StackTemplate = { Resources: Resources; Outputs: Record<string, { Value: unknown }> };

const devApp = sharedTestApp({ stage: 'dev' });
const customApp = sharedTestApp({ stage: 'dev', portalUrl: 'https://portal.fieldpass.test/start' });
const data = stackTemplate(devApp.data);
const dataJson = data.toJSON() as StackTemplate;
const apiJson = stackTemplate(devApp.api).toJSON() as StackTemplate;

const site = devApp.data.portalSite;
const dataId = (app: FieldPassApp, construct: IConstruct) =>
  app.data.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const resourceOf = (construct: IConstruct): Resource => {
  const resource = dataJson.Resources[dataId(devApp, construct)];
  if (!resource) throw new Error(`no resource for ${construct.node.path}`);
  return resource;
};
const distributionConfig = () =>
  resourceOf(site.distribution).Properties.DistributionConfig as {
    DefaultCacheBehavior: Record<string, unknown>;
    Origins: Record<string, unknown>[];
    [key: string]: unknown;
  };

/** The distribution's `https://` URL as CloudFormation builds it in the Data stack of `app`. */
const distributionUrl = (app: FieldPassApp, which: 'portalSite' | 'consoleSite' = 'portalSite') => ({
  'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [dataId(app, app.data[which].distribution), 'DomainName'] }]],
});

/**
 * A value of the Api stack with every read from the Data stack (`Fn::GetStackOutput`, possibly
 * inside a `Fn::Join`) replaced by that output's value.
 */
function fromData(app: FieldPassApp, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => fromData(app, item));
  if (value === null || typeof value !== 'object') return value;
  const reference = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } })[
    'Fn::GetStackOutput'
  ];
  if (reference?.StackName === app.data.stackName) {
    return (stackTemplate(app.data).toJSON() as StackTemplate).Outputs[reference.OutputName]?.Value;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromData(app, item)]));
}

/** A CloudFormation string as text, with each `Ref` as `<Name>`, to read a policy the way a reviewer would. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v.Ref) return `<${v.Ref}>`;
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(text).join(v['Fn::Join'][0]);
  throw new Error(`not a string: ${JSON.stringify(value)}`);
}

const headersConfig = () =>
  (
    resourceOf(site.responseHeadersPolicy).Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    }
  ).SecurityHeadersConfig;
/** The Content-Security-Policy, directive by directive. */
const csp = (): Map<string, string[]> => {
  const policy = text(headersConfig().ContentSecurityPolicy?.ContentSecurityPolicy);
  return new Map(
    policy.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name as string, values];
    }),
  );
};

describe('the portal site bucket', () => {
  const bucket = () => resourceOf(site.bucket).Properties;

  it('is private, encrypted with S3-managed keys and named by stage, account and region', () => {
    expect(bucket().PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(text(bucket().BucketName)).toBe('fieldpass-dev-web-<AWS::AccountId>-<AWS::Region>');
  });

  it('writes its server access logs to the logs bucket', () => {
    expect(bucket().LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: dataId(devApp, site.logsBucket) },
      LogFilePrefix: 'web/',
    });
  });

  it('lets only CloudFront read it, and only for this distribution', () => {
    const policy = onlyValue(
      data.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: dataId(devApp, site.bucket) } } }),
    );
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const allows = statements.filter((statement) => statement.Effect === 'Allow');

    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
    });
    const condition = allows[0]?.Condition as { StringEquals: { 'AWS:SourceArn': unknown } } | undefined;
    const sourceArn = condition?.StringEquals['AWS:SourceArn'];
    expect(text(sourceArn)).toBe(
      `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${dataId(devApp, site.distribution)}>`,
    );
    // Every other statement denies (plain HTTP, old TLS).
    expect(statements.filter((statement) => statement.Effect !== 'Deny')).toHaveLength(1);
  });

  it('denies requests without TLS', () => {
    const policy = onlyValue(
      data.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: dataId(devApp, site.bucket) } } }),
    );
    expect((policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('is retained in prod and deleted with the stack elsewhere', () => {
    const prod = sharedTestApp({ stage: 'prod' });
    const prodResources = (
      stackTemplate(prod.data).toJSON() as { Resources: Record<string, { DeletionPolicy?: string }> }
    ).Resources;

    expect(prodResources[dataId(prod, prod.data.portalSite.bucket)]?.DeletionPolicy).toBe('Retain');
    expect(prodResources[dataId(prod, prod.data.portalSite.logsBucket)]?.DeletionPolicy).toBe('Retain');
    expect((dataJson.Resources[dataId(devApp, site.bucket)] as { DeletionPolicy?: string }).DeletionPolicy).toBe(
      'Delete',
    );
  });
});

describe('the portal distribution', () => {
  it('reads the bucket through Origin Access Control, not a public website endpoint', () => {
    const origin = onlyValue({ ...distributionConfig().Origins });
    const oacIds = Object.keys(data.findResources('AWS::CloudFront::OriginAccessControl'));

    // One per site: the portal page's and the staff console's.
    expect(oacIds).toHaveLength(2);
    const oacId = oacIds.find((id) => id.startsWith('PortalSite'));
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [dataId(devApp, site.bucket), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
    data.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
  });

  it('redirects HTTP to HTTPS', () => {
    expect(distributionConfig().DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  it('allows GET and HEAD only', () => {
    expect(distributionConfig().DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
  });

  it('serves index.html at the root, over HTTP/2 and HTTP/3, from the cheapest price class', () => {
    expect(distributionConfig()).toMatchObject({
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      PriceClass: 'PriceClass_100',
    });
  });

  it('writes standard logs to the logs bucket', () => {
    expect(distributionConfig().Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [dataId(devApp, site.logsBucket), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  it('adds the security headers policy to every answer', () => {
    expect(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: dataId(devApp, site.responseHeadersPolicy),
    });
  });

  it('names its URL in the PortalUrl output', () => {
    expect(dataJson.Outputs.PortalUrl?.Value).toEqual(distributionUrl(devApp));
  });
});

describe('the security headers', () => {
  it('allow scripts and styles only from the page itself, and nothing by default', () => {
    expect(csp().get('default-src')).toEqual(["'none'"]);
    expect(csp().get('script-src')).toEqual(["'self'"]);
    expect(csp().get('style-src')).toEqual(["'self'"]);
  });

  it('let the page reach only itself, the region’s HTTP APIs and the attachments bucket', () => {
    const attachments = 'https://fieldpass-dev-<AWS::AccountId>-<AWS::Region>.s3.<AWS::Region>.amazonaws.com';

    expect(csp().get('connect-src')).toEqual([
      "'self'",
      'https://*.execute-api.<AWS::Region>.<AWS::URLSuffix>',
      attachments,
    ]);
    expect(csp().get('img-src')).toEqual(["'self'", 'blob:', 'data:', attachments]);
  });

  it('allow no form submission, no framing and no base URL', () => {
    expect(csp().get('form-action')).toEqual(["'none'"]);
    expect(csp().get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp().get('base-uri')).toEqual(["'none'"]);
  });

  it('send no referrer, forbid framing and sniffing, and pin HTTPS for a year with preload', () => {
    const headers = headersConfig();

    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 31536000,
      IncludeSubdomains: true,
      Preload: true,
      Override: true,
    });
    expect(headers.ContentSecurityPolicy?.Override).toBe(true);
  });

  it('fit the page: it loads only its own files and has no inline script or style', () => {
    const html = buildPortalSync().get('/index.html')?.body.toString('utf8') ?? '';
    const sources = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);

    expect(sources.sort()).toEqual(['#main', '/app.js', '/config.js', '/styles.css']);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});

describe('the portal URL', () => {
  const consumerUrl = (app: FieldPassApp) => {
    const template = stackTemplate(app.api).toJSON() as StackTemplate;
    const id = app.api.getLogicalId(app.api.streamConsumer.reactionsHandler.fn.node.defaultChild as CfnElement);
    const environment = template.Resources[id]?.Properties.Environment as
      | { Variables: Record<string, unknown> }
      | undefined;
    return fromData(app, environment?.Variables.PORTAL_URL);
  };
  const apiOrigins = (app: FieldPassApp) => {
    const api = onlyValue(stackTemplate(app.api).findResources('AWS::ApiGatewayV2::Api'));
    return (api.Properties.CorsConfiguration as { AllowOrigins: unknown[] }).AllowOrigins.map((o) => fromData(app, o));
  };
  const attachmentsOrigins = (app: FieldPassApp) => {
    const bucket = onlyValue(
      stackTemplate(app.data).findResources('AWS::S3::Bucket', {
        Properties: { VersioningConfiguration: { Status: 'Enabled' } },
      }),
    );
    return (bucket.Properties.CorsConfiguration as { CorsRules: { AllowedOrigins: unknown[] }[] }).CorsRules.flatMap(
      (rule) => rule.AllowedOrigins,
    );
  };

  it('is the distribution’s URL for e-mailed links when portalUrl is not set', () => {
    expect(consumerUrl(devApp)).toEqual(distributionUrl(devApp));
  });

  it('is the distribution’s origin for the API’s and the attachments bucket’s CORS when portalUrl is not set', () => {
    // The staff console's distribution calls the API too.
    expect(apiOrigins(devApp)).toEqual([distributionUrl(devApp, 'consoleSite'), distributionUrl(devApp)]);
    // The console's distribution uploads import files to the attachments bucket.
    expect(attachmentsOrigins(devApp)).toEqual([distributionUrl(devApp), distributionUrl(devApp, 'consoleSite')]);
  });

  it('is the configured URL, and its origin for CORS, when portalUrl is set', () => {
    expect(consumerUrl(customApp)).toBe('https://portal.fieldpass.test/start');
    expect(apiOrigins(customApp)).toEqual([distributionUrl(customApp, 'consoleSite'), 'https://portal.fieldpass.test']);
    expect(attachmentsOrigins(customApp)).toEqual([
      'https://portal.fieldpass.test',
      distributionUrl(customApp, 'consoleSite'),
    ]);
    expect((stackTemplate(customApp.data).toJSON() as StackTemplate).Outputs.PortalUrl?.Value).toBe(
      'https://portal.fieldpass.test/start',
    );
  });
});

describe('the portal deployment', () => {
  const assembly = devApp.app.synth();
  const deployments = Object.entries(apiJson.Resources).filter(
    ([id, r]) => r.Type === 'Custom::CDKBucketDeployment' && id.startsWith('Portal'),
  );
  const deployment = (id: string) => {
    const found = deployments.find(([logicalId]) => logicalId.startsWith(id));
    if (!found) throw new Error(`no deployment ${id}`);
    return found;
  };
  /** The files of each source of a deployment, read from the synthesised assembly's staged assets. */
  const filesOf = (props: Record<string, unknown>) =>
    (props.SourceObjectKeys as string[]).flatMap((key) =>
      readdirSync(join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`)),
    );
  const assetOf = (props: Record<string, unknown>, file: string) => {
    for (const key of props.SourceObjectKeys as string[]) {
      const path = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, file);
      if (existsSync(path)) return readFileSync(path, 'utf8');
    }
    throw new Error(`no ${file}`);
  };

  it('is two deployments into the portal bucket, by its name', () => {
    expect(deployments).toHaveLength(2);
    for (const [, resource] of deployments) {
      expect(text(fromData(devApp, resource.Properties.DestinationBucketName))).toBe(
        'fieldpass-dev-web-<AWS::AccountId>-<AWS::Region>',
      );
    }
  });

  it('ships the script and stylesheet (with their maps), cached five minutes, pruning what the build no longer has', () => {
    const [, assets] = deployment('PortalAssets');

    expect(filesOf(assets.Properties).sort()).toEqual(['app.js', 'app.js.map', 'styles.css', 'styles.css.map']);
    expect(assets.Properties).toMatchObject({
      Prune: true,
      Exclude: ['index.html', 'config.js'],
      SystemMetadata: { 'cache-control': 'public, max-age=300' },
    });
  });

  it('ships index.html and config.js, revalidated on every load, after the assets, then invalidates the distribution', () => {
    const [assetsId] = deployment('PortalAssets');
    const [, entry] = deployment('PortalEntry');

    expect(filesOf(entry.Properties).sort()).toEqual(['config.js', 'index.html']);
    expect(entry.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/*'],
    });
    expect(fromData(devApp, entry.Properties.DistributionId)).toEqual({ Ref: dataId(devApp, site.distribution) });
    expect(entry.DependsOn).toContain(assetsId);
  });

  it('ships the page as built and a config.js naming this stack’s API', () => {
    const [, entry] = deployment('PortalEntry');
    const markers = (entry.Properties.SourceMarkers as Record<string, unknown>[]).reduce(
      (all, one) => Object.assign(all, one),
      {},
    );
    const config = Object.entries(markers).reduce(
      (script, [marker, value]) => script.replaceAll(marker, text(value)),
      assetOf(entry.Properties, 'config.js'),
    );
    const apiId = devApp.api.getLogicalId(devApp.api.httpApi.api.node.defaultChild as CfnElement);

    expect(config).toBe(
      portalConfigScript({ apiUrl: `https://<${apiId}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/` }),
    );
    expect(assetOf(entry.Properties, 'index.html')).toBe(buildPortalSync().get('/index.html')?.body.toString('utf8'));
  });
});

describe('the portal asset directory', () => {
  it('is reused for the same build and differs for another, so synths do not pile up directories', () => {
    const files = buildPortalSync();
    const first = portalAssetDirectory(files);
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('fieldpass-portal-')).length;

    expect(portalAssetDirectory(buildPortalSync())).toBe(first);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('fieldpass-portal-'))).toHaveLength(before);

    const changed = new Map(files);
    changed.set('/app.js', { body: Buffer.from('// another build\n'), contentType: 'text/javascript' });
    const other = portalAssetDirectory(changed);
    try {
      expect(other).not.toBe(first);
      expect(readFileSync(join(other, 'app.js'), 'utf8')).toBe('// another build\n');
      expect(existsSync(join(other, 'index.html'))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('the staff console site', () => {
  const consoleSite = devApp.data.consoleSite;
  const consoleDistribution = () =>
    resourceOf(consoleSite.distribution).Properties.DistributionConfig as {
      DefaultCacheBehavior: Record<string, unknown>;
      CustomErrorResponses?: unknown[];
      [key: string]: unknown;
    };
  const consoleCsp = (): Map<string, string[]> => {
    const config = (
      resourceOf(consoleSite.responseHeadersPolicy).Properties.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      }
    ).SecurityHeadersConfig;
    return new Map(
      text(config.ContentSecurityPolicy?.ContentSecurityPolicy)
        .split(';')
        .map((directive) => {
          const [name, ...values] = directive.trim().split(/\s+/);
          return [name as string, values];
        }),
    );
  };

  it('is the same construct as the portal: a private bucket of its own, read only by its distribution through OAC', () => {
    const bucket = resourceOf(consoleSite.bucket).Properties;
    expect(text(bucket.BucketName)).toBe('fieldpass-dev-console-<AWS::AccountId>-<AWS::Region>');
    expect(bucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
    const origin = onlyValue({ ...(consoleDistribution().Origins as Record<string, unknown>[]) });
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [dataId(devApp, consoleSite.bucket), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/^ConsoleSite/), 'Id'] },
    });
    expect(consoleDistribution().DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      ResponseHeadersPolicyId: { Ref: dataId(devApp, consoleSite.responseHeadersPolicy) },
    });
    expect(dataJson.Outputs.ConsoleUrl?.Value).toEqual(distributionUrl(devApp, 'consoleSite'));
  });

  it('answers index.html for a path the bucket does not have, so <staffUrl>/jobs/<id> opens the console', () => {
    expect(consoleDistribution().CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
      { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
    ]);
    // The portal keeps its routes in the fragment and needs none.
    expect(distributionConfig().CustomErrorResponses).toBeUndefined();
  });

  it('sends the portal’s strict headers, reaching the staff pool’s Cognito endpoint besides the API', () => {
    expect(consoleCsp().get('script-src')).toEqual(["'self'"]);
    expect(consoleCsp().get('style-src')).toEqual(["'self'"]);
    expect(consoleCsp().get('default-src')).toEqual(["'none'"]);
    expect(consoleCsp().get('connect-src')).toEqual([
      "'self'",
      'https://*.execute-api.<AWS::Region>.<AWS::URLSuffix>',
      'https://fieldpass-dev-<AWS::AccountId>-<AWS::Region>.s3.<AWS::Region>.amazonaws.com',
      'https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>',
    ]);
    expect(consoleCsp().get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('fits the console: it loads only its own files and has no inline script or style', () => {
    const html = buildConsoleSync().get('/index.html')?.body.toString('utf8') ?? '';
    const sources = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);

    expect(sources.sort()).toEqual(['#main', '/app.js', '/config.js', '/styles.css']);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('is deployed like the portal, with a config.js naming the API, the Cognito endpoint, the staff client and the portal', () => {
    const deployments = Object.entries(apiJson.Resources).filter(
      ([id, r]) => r.Type === 'Custom::CDKBucketDeployment' && id.startsWith('Console'),
    );
    expect(deployments.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'ConsoleAssetsCustomResource',
      'ConsoleEntryCustomResource',
    ]);
    for (const [, resource] of deployments) {
      expect(text(fromData(devApp, resource.Properties.DestinationBucketName))).toBe(
        'fieldpass-dev-console-<AWS::AccountId>-<AWS::Region>',
      );
    }
    const entry = deployments.find(([id]) => id.startsWith('ConsoleEntry'))?.[1] as Resource;
    expect(fromData(devApp, entry.Properties.DistributionId)).toEqual({
      Ref: dataId(devApp, consoleSite.distribution),
    });
    const markers = (entry.Properties.SourceMarkers as Record<string, unknown>[]).reduce(
      (all, one) => Object.assign(all, one),
      {},
    );
    const assembly = devApp.app.synth();
    const configPath = (entry.Properties.SourceObjectKeys as string[])
      .map((key) => join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, 'config.js'))
      .find((path) => existsSync(path));
    const config = Object.entries(markers).reduce(
      (script, [marker, value]) => script.replaceAll(marker, text(fromData(devApp, value))),
      readFileSync(configPath as string, 'utf8'),
    );
    const apiId = devApp.api.getLogicalId(devApp.api.httpApi.api.node.defaultChild as CfnElement);
    const clientId = dataId(devApp, devApp.data.userPoolClient);

    expect(config).toBe(
      consoleConfigScript({
        apiUrl: `https://<${apiId}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/`,
        cognitoUrl: 'https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>/',
        clientId: `<${clientId}>`,
        portalUrl: `https://<${dataId(devApp, devApp.data.portalSite.distribution)}.DomainName>`,
      }),
    );
  });
});
