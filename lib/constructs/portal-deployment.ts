import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DefaultStackSynthesizer, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { buildConsoleSync, buildPortalSync, type PortalFiles, portalConfigScript, type WebSite } from '../../web/build';
import { siteBucketName } from './portal-site';

/** The files a browser must revalidate on every load: the page and where its API is. */
export const portalEntryFiles = ['index.html', 'config.js'] as const;

/**
 * How long a browser (and the edge) keeps the script, stylesheet and their source maps. Their
 * names carry no content hash, so they cannot be cached for long: five minutes bounds how long
 * a new index.html can run with the previous script, while a page opened several times from
 * one e-mail in the field does not refetch them each time.
 */
export const portalAssetMaxAge = Duration.minutes(5);

/**
 * Writes the built files (all but the entry files) to a directory under the system's temporary
 * directory named after their content, and returns it. A synth of unchanged files reuses the
 * directory, so repeated synths do not pile up directories: one exists per distinct build.
 */
export function portalAssetDirectory(files: PortalFiles): string {
  const assets = [...files].filter(([path]) => !(portalEntryFiles as readonly string[]).includes(path.slice(1)));
  const hash = createHash('sha256');
  for (const [path, file] of assets.sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${path}\0${file.body.length}\0`).update(file.body);
  }
  const dir = join(tmpdir(), `fieldpass-portal-${hash.digest('hex').slice(0, 20)}`);
  if (existsSync(dir)) return dir;
  // Written aside and renamed into place, so a parallel synth never sees half the files.
  const staging = mkdtempSync(`${dir}-`);
  for (const [path, file] of assets) {
    const target = join(staging, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another synth renamed the same content into place first.
    if (!existsSync(dir)) throw error;
  }
  return dir;
}

/** Props of {@link PortalDeployment}. */
export interface PortalDeploymentProps {
  /**
   * The stage, which names the portal site's bucket ({@link portalBucketName}): the stateless
   * stack writes to it by name, as it grants on the attachments bucket, so the deployment role's
   * grant reads the same in every template and review.
   */
  readonly stage: string;
  /** The portal site's distribution, invalidated by each deployment. */
  readonly distribution: IDistribution;
  /** The API's base URL, written into `config.js`; may be a token. */
  readonly apiUrl: string;
  /**
   * Which of web/'s sites to deploy, into that site's bucket ({@link siteBucketName}).
   * @default 'portal'
   */
  readonly site?: WebSite;
  /** The whole `config.js` (the console's names the staff pool too). @default the portal's, naming {@link apiUrl} */
  readonly configScript?: string;
}

/**
 * Puts the portal page into the portal site's bucket on every deploy of the stateless stack: the
 * bundle (web/build.ts) and a `config.js` naming this stack's API. Two deployments, because
 * Cache-Control is set per deployment: the script, stylesheet and maps (cached
 * {@link portalAssetMaxAge}, pruned of anything the build no longer has), then `index.html` and
 * `config.js` (revalidated on every load), followed by one invalidation of the whole distribution.
 *
 * The files stay when this stack is deleted (the deployments' default): the page keeps working
 * while the stateless stack is replaced. Both deployments write to the bucket's root, so deleting
 * files with one of them (`retainOnDelete: false`) would delete the other's too.
 */
export class PortalDeployment extends Construct {
  readonly assets: BucketDeployment;
  readonly entry: BucketDeployment;

  constructor(scope: Construct, id: string, props: PortalDeploymentProps) {
    super(scope, id);
    const site = props.site ?? 'portal';
    const files = site === 'console' ? buildConsoleSync() : buildPortalSync();
    const indexHtml = files.get('/index.html');
    if (!indexHtml) throw new Error(`The ${site} build has no index.html`);
    const bucket = Bucket.fromBucketName(this, 'Bucket', siteBucketName(this, props.stage, site));

    this.assets = new BucketDeployment(this, 'Assets', {
      destinationBucket: bucket,
      sources: [Source.asset(portalAssetDirectory(files))],
      // The entry files are the other deployment's: left alone by this one's pruning.
      exclude: [...portalEntryFiles],
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(portalAssetMaxAge)],
    });

    this.entry = new BucketDeployment(this, 'Entry', {
      destinationBucket: bucket,
      sources: [
        Source.data('index.html', indexHtml.body.toString('utf8')),
        Source.data('config.js', props.configScript ?? portalConfigScript({ apiUrl: props.apiUrl })),
      ],
      // Pruning is the assets deployment's: this one would otherwise delete the script.
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: ['/*'],
    });
    // The new index.html is published, and the edge invalidated, only once the files it loads are there.
    this.entry.node.addDependency(this.assets);

    // Both deployments run one CDK-provided handler function, a singleton at the stack's root.
    for (const handler of Stack.of(this).node.children) {
      if (handler.node.id.startsWith('Custom::CDKBucketDeployment')) {
        acknowledgeDeploymentHandler(handler, props.stage, site);
      }
    }
  }
}

/**
 * The findings on the CDK's own BucketDeployment handler, each by its exact text, so that any
 * other wildcard added to its role still fails the synth.
 */
function acknowledgeDeploymentHandler(handler: IConstruct, stage: string, site: WebSite): void {
  const bucket = site === 'console' ? 'console' : 'web';
  const copies =
    "The CDK's BucketDeployment handler copies whole prefixes between the CDK asset bucket and a web site's bucket (portal or console), " +
    'with the action groups its grantRead/grantReadWrite generate';
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "The CDK's BucketDeployment handler has AWSLambdaBasicExecutionRole, which only lets it write its own " +
        'CloudWatch log streams; the construct offers no way to replace it.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        "The runtime of the CDK's BucketDeployment handler (Python, running the AWS CLI from its layer) is chosen " +
        'by aws-cdk-lib and moves forward with its upgrades; the function runs only while a deployment copies files.',
    },
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
      id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
      reason: `${copies}; every statement with ${action} names only those two buckets and their objects.`,
    })),
    {
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*]`,
      reason: `${copies}: it reads the zipped portal files, under content-hashed keys, from the CDK asset bucket.`,
    },
    {
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::fieldpass-${stage}-${bucket}-<AWS::AccountId>-<AWS::Region>/*]`,
      reason: `${copies}: it writes, and prunes, every object of the ${site} bucket, which holds nothing but the ${site === 'console' ? 'console' : 'page'}.`,
    },
    {
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only cloudfront:CreateInvalidation and cloudfront:GetInvalidation use "*", as the CDK\'s BucketDeployment ' +
        'grants them; they invalidate the portal distribution after a deployment.',
    },
  );
}
