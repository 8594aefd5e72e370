import * as path from 'node:path';
import { Duration, NestedStack, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteBinding } from '../../functions/routes';
import type { RouteAuth } from '../../functions/shared/contract';
import { grantAttachmentObjects } from './attachment-grants';
import { attachmentsBucketName } from './attachments-bucket';
import { exportsBucketName, grantExportObjects } from './exports-bucket';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';
import { grantItemPut, grantItemRead, grantItemReadWrite, grantItemUpdate } from './table-grants';

/** What functions/staff/staff-directory.ts calls on the staff pool, and nothing more. */
const staffDirectoryActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
];

/**
 * What the portal sign-in routes call on the portal pool: CUSTOM_AUTH on the user's behalf,
 * creating and confirming the user on first sign-in, and reading the client's secret for
 * SECRET_HASH (functions/portal-sign-in/portal-directory.ts). Nothing more.
 */
const portalDirectoryActions = [
  'cognito-idp:AdminInitiateAuth',
  'cognito-idp:AdminRespondToAuthChallenge',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:DescribeUserPoolClient',
];

/** What disabling or promoting an external user calls to end their portal sessions (R13). */
const portalSignOutActions = ['cognito-idp:AdminUserGlobalSignOut'];

/** Props of {@link FieldPassHttpApi}. */
export interface FieldPassHttpApiProps {
  /** Every route and its handler module (functions/routes.ts). */
  readonly routes: readonly RouteBinding[];
  /** Handler of the `$default` route: requests no route matches. */
  readonly notFoundEntry: string;
  readonly table: ITableV2;
  /** The stage, which names the attachments bucket whose objects `attachmentLinks` and `attachments` routes sign URLs for. */
  readonly stage: string;
  /** The staff pool whose ID tokens the JWT authorizer accepts on `auth: 'staff'` routes. */
  readonly staffUserPool: IUserPool;
  readonly staffUserPoolClient: IUserPoolClient;
  /** The external users' pool whose ID tokens the JWT authorizer accepts on `auth: 'portal'` routes. */
  readonly portalUserPool: IUserPool;
  readonly portalUserPoolClient: IUserPoolClient;
  /**
   * The portal pool's client of staff impersonation sessions (decision 0006): its tokens open the
   * portal routes too, and the handlers know them (`aud` is not the portal client) as read-only.
   */
  readonly portalImpersonationClient: IUserPoolClient;
  /** Origins of the staff web client, allowed by CORS. */
  readonly webOrigins: readonly string[];
  /** Origin of the external users' portal, allowed by CORS (it reads link states, signs in and calls portal routes). */
  readonly portalOrigin: string;
  /** Log settings shared by every function. */
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * Stage-wide throttling.
   * @default 100 requests/s, bursts of 200: far above what staff and portal users generate, low
   * enough that a runaway client cannot run up the on-demand DynamoDB bill.
   */
  readonly throttle?: ThrottleSettings;
}

/** The construct id of a route's function: its operationId, capitalised (`getMe` → `GetMe`). */
const routeFunctionId = (binding: RouteBinding): string =>
  binding.contract.operationId.charAt(0).toUpperCase() + binding.contract.operationId.slice(1);

/**
 * What API Gateway writes per request, with the caller: the verified JWT's `sub` (a staff user's
 * id; for an external user, their portal-pool user's `sub`), empty on public routes. No headers,
 * query strings or bodies (`$context.path` is the path alone), so no token, code or link secret
 * can reach these logs (link tokens travel in the URL fragment, which is never sent).
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    caller: '$context.authorizer.claims.sub',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    method: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integration.latency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

/**
 * The HTTP API: one Lambda function per route of functions/routes.ts, a Cognito JWT authorizer on
 * every `auth: 'staff'` route and another, for the portal pool, on every `auth: 'portal'` route, a
 * `$default` route answering unknown paths in FieldPass's error shape, access logs and stage-wide
 * throttling.
 */
export class FieldPassHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Each route's function, keyed by the contract's operationId. */
  readonly routeFunctions: ReadonlyMap<string, FieldPassFunction>;
  /** The nested stacks that hold the routes, one per capability folder. */
  readonly routeStacks: readonly NestedStack[];
  readonly notFoundFunction: FieldPassFunction;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FieldPassHttpApiProps) {
    super(scope, id);

    // The `iss` of a pool's tokens; API Gateway fetches the signing keys from its JWKS URL.
    const { region, urlSuffix } = Stack.of(this);
    const issuerOf = (pool: IUserPool) => `https://cognito-idp.${region}.${urlSuffix}/${pool.userPoolId}`;

    this.api = new HttpApi(this, 'Api', {
      apiName: Stack.of(this).stackName,
      description: 'FieldPass HTTP API',
      // The stage below is created explicitly, because only an explicit stage takes access-log settings.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...new Set([...props.webOrigins, props.portalOrigin])],
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.HEAD,
          CorsHttpMethod.POST,
          CorsHttpMethod.PUT,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.DELETE,
        ],
        // x-link-token: the portal sends an e-mailed link's token in a header, never in a URL.
        allowHeaders: ['authorization', 'content-type', 'x-link-token'],
        exposeHeaders: ['x-request-id', 'retry-after'],
        // Bearer tokens, not cookies: credentials mode stays off.
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.functionLogs.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
    });

    // Made here, in this stack, and referenced by id from the route stacks below. Each accepts
    // only ID tokens of its own pool and client, so a portal token never opens a staff route and
    // a staff token never opens a portal route.
    const jwtAuthorizer = (name: string, pool: IUserPool, clients: IUserPoolClient[]): IHttpRouteAuthorizer => {
      const authorizer = new HttpAuthorizer(this, name, {
        httpApi: this.api,
        authorizerName: name,
        type: HttpAuthorizerType.JWT,
        identitySource: ['$request.header.Authorization'],
        jwtIssuer: issuerOf(pool),
        // ID tokens carry `aud` = the client id (and `custom:accountId`, which the handlers need).
        jwtAudience: clients.map((client) => client.userPoolClientId),
      });
      return HttpAuthorizer.fromHttpAuthorizerAttributes(this, `${name}Ref`, {
        authorizerId: authorizer.authorizerId,
        authorizerType: HttpAuthorizerType.JWT,
      });
    };
    const authorizers: RouteAuthorizers = {
      staff: jwtAuthorizer('StaffJwt', props.staffUserPool, [props.staffUserPoolClient]),
      portal: jwtAuthorizer('PortalJwt', props.portalUserPool, [
        props.portalUserPoolClient,
        props.portalImpersonationClient,
      ]),
    };

    // A stack holds at most 500 resources and each route makes seven (function, role, policy, log
    // group, integration, permission, route), so the routes live in one nested stack per capability
    // folder (functions/<capability>/), each far below the limit however the API grows.
    const routeStacks = new Map<string, NestedStack>();
    const routeStackFor = (binding: RouteBinding): NestedStack => {
      const folder = path.posix.dirname(binding.entry).replace(/^functions\//, '');
      const stackId = `${folder
        .split(/[/-]/)
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join('')}Routes`;
      let stack = routeStacks.get(stackId);
      if (!stack) {
        stack = new NestedStack(this, stackId, { description: `FieldPass routes of functions/${folder}/` });
        routeStacks.set(stackId, stack);
      }
      return stack;
    };

    const routeFunctions = new Map<string, FieldPassFunction>();
    for (const binding of props.routes) {
      const { contract } = binding;
      const functionId = routeFunctionId(binding);
      const routeScope = routeStackFor(binding);
      const usesStaffDirectory = binding.uses?.includes('staffDirectory') ?? false;
      const usesPortalImpersonation = binding.uses?.includes('portalImpersonation') ?? false;
      const usesPortalDirectory = (binding.uses?.includes('portalDirectory') ?? false) || usesPortalImpersonation;
      const usesPortalSignOut = binding.uses?.includes('portalSignOut') ?? false;
      const attachmentUse = binding.uses?.includes('attachments')
        ? 'files'
        : binding.uses?.includes('attachmentLinks')
          ? 'links'
          : undefined;
      const usesExportLinks = binding.uses?.includes('exportLinks') ?? false;
      const handler = new FieldPassFunction(routeScope, functionId, {
        entry: binding.entry,
        description: `${contract.method} ${contract.path}: ${contract.summary}`.slice(0, 256),
        environment: {
          TABLE_NAME: props.table.tableName,
          ...(usesStaffDirectory ? { STAFF_USER_POOL_ID: props.staffUserPool.userPoolId } : {}),
          ...(attachmentUse ? { ATTACHMENTS_BUCKET: attachmentsBucketName(props.stage) } : {}),
          ...(usesExportLinks ? { EXPORTS_BUCKET: exportsBucketName(props.stage) } : {}),
          ...(usesPortalDirectory
            ? {
                PORTAL_USER_POOL_ID: props.portalUserPool.userPoolId,
                PORTAL_USER_POOL_CLIENT_ID: props.portalUserPoolClient.userPoolClientId,
              }
            : {}),
          ...(usesPortalSignOut ? { PORTAL_USER_POOL_ID: props.portalUserPool.userPoolId } : {}),
          ...(usesPortalImpersonation
            ? { PORTAL_IMPERSONATION_CLIENT_ID: props.portalImpersonationClient.userPoolClientId }
            : {}),
          // The pipeline tells an external user's own token from an impersonation by this (decision 0006).
          ...(contract.auth === 'portal'
            ? { PORTAL_USER_POOL_CLIENT_ID: props.portalUserPoolClient.userPoolClientId }
            : {}),
        },
        ...props.functionLogs,
      });
      // Reads only for GET and HEAD (R9: they have no side effects); a later issue may narrow these per route.
      if (contract.method === 'GET' || contract.method === 'HEAD') grantItemRead(props.table, handler.fn);
      else grantItemReadWrite(props.table, handler.fn);
      // A page read through an impersonation session is noted on the session (one UpdateItem) for
      // the audit trail: every portal GET may make that one write (decision 0006).
      if (contract.auth === 'portal' && (contract.method === 'GET' || contract.method === 'HEAD')) {
        grantItemUpdate(props.table, handler.fn);
      }
      if (binding.uses?.includes('viewRecords')) {
        // The view is an UpdateItem of the user's item access record; a record found missing or
        // partial is rebuilt (PutItem) and a lagging copied terms version raised (UpdateItem).
        grantItemPut(props.table, handler.fn);
        grantItemUpdate(props.table, handler.fn);
      }
      // The feed notes a key's use once an hour on the key's record (UpdateItem).
      if (binding.uses?.includes('feedKeyUse')) grantItemUpdate(props.table, handler.fn);
      if (usesStaffDirectory) props.staffUserPool.grant(handler.fn, ...staffDirectoryActions);
      if (usesPortalDirectory) props.portalUserPool.grant(handler.fn, ...portalDirectoryActions);
      if (usesPortalSignOut) props.portalUserPool.grant(handler.fn, ...portalSignOutActions);
      if (attachmentUse) grantAttachmentObjects(handler.fn, props.stage, attachmentUse);
      if (usesExportLinks) grantExportObjects(handler.fn, props.stage, 'links');

      const route = new HttpRoute(routeScope, `${functionId}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(contract.path, HttpMethod[contract.method]),
        integration: new HttpLambdaIntegration(`${functionId}Integration`, handler.fn),
        authorizer: authorizerFor(contract.auth, authorizers),
      });
      if (contract.auth === 'none') {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason: `${contract.method} ${contract.path} is public by its contract (auth: 'none'): ${contract.summary}.`,
        });
      }
      routeFunctions.set(contract.operationId, handler);
    }
    this.routeFunctions = routeFunctions;
    this.routeStacks = [...routeStacks.values()];

    this.notFoundFunction = new FieldPassFunction(this, 'NotFound', {
      entry: props.notFoundEntry,
      description: 'Any unknown route: answers 404 in the FieldPass error shape',
      ...props.functionLogs,
    });
    const notFoundRoute = new HttpRoute(this, 'NotFoundRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFoundIntegration', this.notFoundFunction.fn),
      // Unknown paths answer 404 whoever asks; the function reads no data. The $default route also
      // catches OPTIONS requests, so an authorizer here would reject every CORS preflight.
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(notFoundRoute).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason: 'The $default route only answers 404 for paths no route matches; its function has no data access.',
    });
  }

  /** The invoke URL of the `$default` stage. */
  get url(): string {
    return this.stage.url;
  }
}

/** The JWT authorizer of each kind of signed-in caller. */
type RouteAuthorizers = Readonly<Record<Exclude<RouteAuth, 'none'>, IHttpRouteAuthorizer>>;

/** The authorizer a route's contract asks for; a new kind of caller must be handled here. */
function authorizerFor(auth: RouteAuth, authorizers: RouteAuthorizers): IHttpRouteAuthorizer {
  switch (auth) {
    case 'staff':
      return authorizers.staff;
    case 'portal':
      return authorizers.portal;
    case 'none':
      return new HttpNoneAuthorizer();
    default: {
      const unknown: never = auth;
      throw new Error(`No authorizer for routes with auth "${String(unknown)}"`);
    }
  }
}
