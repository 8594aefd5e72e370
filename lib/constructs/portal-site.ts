import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { WebSite } from '../../web/build';
import { attachmentsBucketName } from './attachments-bucket';
import { privateBucketProps } from './private-bucket';

/** The portal page's bucket: `fieldpass-<stage>-web-<account>-<region>` (at most 62 characters). */
export const portalBucketName = (scope: Construct, stage: string) =>
  `fieldpass-${stage}-web-${Stack.of(scope).account}-${Stack.of(scope).region}`;

/** The staff console's bucket: `fieldpass-<stage>-console-<account>-<region>`. */
export const consoleBucketName = (scope: Construct, stage: string) =>
  `fieldpass-${stage}-console-${Stack.of(scope).account}-${Stack.of(scope).region}`;

/** The bucket of a site web/ builds: the portal page's or the staff console's. */
export const siteBucketName = (scope: Construct, stage: string, site: WebSite) =>
  site === 'console' ? consoleBucketName(scope, stage) : portalBucketName(scope, stage);

const siteNames: Record<WebSite, string> = { portal: 'portal page', console: 'staff console' };

/** Props of {@link PortalSite}. */
export interface PortalSiteProps {
  /**
   * Which of web/'s sites this serves: the portal page (links in the fragment) or the staff
   * console (routes in the path: every unknown path answers `index.html`).
   * @default 'portal'
   */
  readonly site?: WebSite;
  /** The deployment stage, part of the bucket's name ({@link portalBucketName}). */
  readonly stage: string;
  /**
   * Keep the buckets when the stack is deleted.
   * @default false (a non-empty bucket must then be emptied before the stack can be deleted)
   */
  readonly retain?: boolean;
  /** @default Duration.days(90) */
  readonly logRetention?: Duration;
}

/**
 * The Content-Security-Policy of the portal page, the same as the local portal server's
 * (local/portal-server.ts): the page's own script and stylesheet, no inline code, and requests
 * only to the API and to the attachments bucket (presigned uploads and downloads).
 */
export function portalContentSecurityPolicy(scope: Construct, stage: string, site: WebSite = 'portal'): string {
  const { region, urlSuffix } = Stack.of(scope);
  // The console signs in from the browser, straight to the staff pool's region endpoint.
  const cognito = site === 'console' ? ` https://cognito-idp.${region}.${urlSuffix}` : '';
  // The API's exact URL is known only in the Api stack, which depends on this one: naming it here
  // would make the two stacks depend on each other. Any HTTP API of this region is allowed
  // instead; the page only calls the one its config.js names, and what an injected script could
  // reach is bounded by the other directives (no inline script, no other script origin).
  const apiOrigins = `https://*.execute-api.${region}.${urlSuffix}`;
  // The presigned URLs' origin, exactly as functions/shared/file-store.ts signs them (virtual-hosted,
  // regional). From the bucket's name, not its attribute: the bucket's CORS names this site's
  // distribution, so an attribute here would be a circular reference.
  const attachments = `https://${attachmentsBucketName(stage)}.s3.${region}.amazonaws.com`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: data: ${attachments}`,
    `connect-src 'self' ${apiOrigins} ${attachments}${cognito}`,
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * Where the portal page is served: a private bucket that only this site's CloudFront distribution
 * reads (Origin Access Control), HTTPS only, GET and HEAD only, with the security headers the page
 * is built for. It lives with the stateful resources because its URL is what every e-mailed link
 * points to; the files are put there by the stateless stack (PortalDeployment).
 */
export class PortalSite extends Construct {
  readonly bucket: s3.Bucket;
  /** CloudFront's standard logs (`cloudfront/`) and the page bucket's server access logs (`web/`). */
  readonly logsBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** `https://<distribution domain>`, with no trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PortalSiteProps) {
    super(scope, id);
    const site = props.site ?? 'portal';
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.logsBucket = new s3.Bucket(this, 'Logs', {
      ...privateBucketProps,
      // CloudFront's standard logging writes with an ACL grant, so ACLs must stay enabled (the
      // bucket owner still owns every object). Public ACLs are blocked all the same.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: props.logRetention ?? Duration.days(90) }],
      removalPolicy,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: siteBucketName(this, props.stage, site),
      ...privateBucketProps,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'web/',
      removalPolicy,
    });

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `FieldPass ${props.stage} ${site}: CSP, HSTS, no referrer, no framing, no sniffing`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: portalContentSecurityPolicy(this, props.stage, site),
          override: true,
        },
        // The link's token is in the fragment, which is never sent; no-referrer also keeps the
        // page's URL out of every request it makes (R8).
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `FieldPass ${props.stage} ${siteNames[site]}`,
      defaultRootObject: 'index.html',
      // The console's routes are paths (`/jobs/<id>`, which owner e-mails link to): a key the
      // bucket does not have (403 through OAC, without list rights) answers index.html, whose
      // script renders the route.
      ...(site === 'console'
        ? {
            errorResponses: [403, 404].map((httpStatus) => ({
              httpStatus,
              responseHttpStatus: 200,
              responsePagePath: '/index.html',
              ttl: Duration.seconds(0),
            })),
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        // Edge caching follows each file's Cache-Control (set by PortalDeployment: index.html and
        // config.js are revalidated on every load, the script and stylesheet cached 5 minutes),
        // and every deployment invalidates the whole distribution.
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America and Europe edges only: the cheapest class; elsewhere is served from those.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      // With the default *.cloudfront.net certificate CloudFront allows no other security policy
      // than TLSv1 (browsers still negotiate TLS 1.2/1.3); a custom domain's certificate would take
      // `minimumProtocolVersion: TLS_V1_2_2021`.
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason:
          'No geo restriction: external users (contractors, stewards, client contacts) open their links wherever ' +
          'they work, including abroad; the page is a static shell and every piece of data behind it needs a link ' +
          'token plus an e-mailed code, checked by the API.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason:
          'No WAF on the static page: it serves four public, read-only files (GET/HEAD only, no query, no cookies, ' +
          'no origin logic) that anyone may fetch, so a web ACL (about $5/month plus per-request fees per stage) ' +
          'would protect nothing secret; request floods are absorbed by CloudFront (Shield Standard) and the ' +
          'data-bearing API has its own throttling. Revisit if the page ever serves dynamic content.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, for which CloudFront offers only the ' +
          'TLSv1 security policy; modern browsers negotiate TLS 1.2 or 1.3 with it. A custom domain (portalUrl, ' +
          'fronted elsewhere) brings its own certificate and TLS policy.',
      },
    );
  }
}
