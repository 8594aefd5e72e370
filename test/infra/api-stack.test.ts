import { isDeepStrictEqual } from 'node:util';
import { type CfnElement, type CfnResource, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { notFoundEntry, type RouteBinding, routes } from '../../functions/routes';
import { workerFilterPatterns } from '../../functions/streams/background-work';
import { reactionsFilterPatterns, recordsFilterPatterns } from '../../functions/streams/stream-interest';
import type { FieldPassApp } from '../../lib/app';
import type { FieldPassFunction } from '../../lib/constructs/fieldpass-function';
import { itemWriteActions } from '../../lib/constructs/table-grants';
import { streamConsumerSettings, workerQueueSettings, workerTimeoutSeconds } from '../../lib/stream-consumer-settings';
import { configuredContext, onlyLogicalId, onlyValue, originsContext, sharedTestApp, stackTemplate } from './support';

const devApp = sharedTestApp({ stage: 'dev' });
const prodApp = sharedTestApp({ stage: 'prod' });
const dev = stackTemplate(devApp.api);

/** The Api stack's template and those of its nested route stacks. */
const templatesOf = (app: FieldPassApp) => [
  stackTemplate(app.api),
  ...app.api.httpApi.routeStacks.map((stack) => stackTemplate(stack)),
];
const devTemplates = templatesOf(devApp);
const prodTemplates = templatesOf(prodApp);

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
/** Every resource of a type across the Api stack and its route stacks (logical ids are unique across them). */
const across = (templates: Template[], type: string) =>
  Object.assign({}, ...templates.map((template) => template.findResources(type))) as Resources;
/** The CDK's own BucketDeployment handler, which copies the portal's files (PortalDeployment): not a FieldPass function. */
const isDeploymentHandler = (logicalId: string) => logicalId.startsWith('CustomCDKBucketDeployment');
/** The FieldPass functions of a template. */
const functions = (template: Template) =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !isDeploymentHandler(id)),
  ) as Resources;
/** The FieldPass functions across the Api stack and its route stacks. */
const functionsAcross = (templates: Template[]) => Object.assign({}, ...templates.map(functions)) as Resources;

/** The logical id of a FieldPass function, in the stack that holds it. */
const logicalIdOf = (fn: FieldPassFunction) => Stack.of(fn.fn).getLogicalId(fn.fn.node.defaultChild as CfnFunction);

/** The function serving `binding`. */
function routeFunction(binding: RouteBinding): FieldPassFunction {
  const fn = devApp.api.httpApi.routeFunctions.get(binding.contract.operationId);
  if (!fn) throw new Error(`no function for ${binding.contract.operationId}`);
  return fn;
}
/** The template of the stack that holds `fn`. */
const templateOf = (fn: FieldPassFunction) => stackTemplate(Stack.of(fn.fn));
const notFoundFunctionId = () => logicalIdOf(devApp.api.httpApi.notFoundFunction);
/** The reactions consumer (e-mails, owner names, access, derived rows, clean-up). */
const consumerFunctionId = () => logicalIdOf(devApp.api.streamConsumer.reactionsHandler);
/** The records consumer (audit trail, feed log, background work to the worker's queue). */
const recordsFunctionId = () => logicalIdOf(devApp.api.streamConsumer.recordsHandler);
const workerFunctionId = () => logicalIdOf(devApp.api.worker.handler);
/** The event-source mapping that invokes the function `functionId`. */
const mappingOf = (functionId: string) =>
  onlyValue(
    dev.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: { Ref: functionId } },
    }) as Resources,
  ).Properties;
/** The logical id of a queue, alarm … made by the Api stack itself. */
const apiLogicalId = (construct: { node: { defaultChild?: unknown } }) =>
  devApp.api.getLogicalId(construct.node.defaultChild as CfnElement);

/** The statements of every policy attached to the role of a function. */
function policyStatementsOf(template: Template, functionLogicalId: string) {
  const fn = functions(template)[functionLogicalId];
  if (!fn) throw new Error(`no function ${functionLogicalId}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy') as Resources;
  return Object.values(policies)
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    );
}
/** The policy statements and the function resource of the function serving `binding`. */
function routeFunctionResources(binding: RouteBinding) {
  const fn = routeFunction(binding);
  const template = templateOf(fn);
  const id = logicalIdOf(fn);
  return { statements: policyStatementsOf(template, id), resource: functions(template)[id] };
}

const actionsOf = (statements: { Action: string | string[] }[]) =>
  statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));

const dataTemplate = stackTemplate(devApp.data).toJSON() as { Outputs: Record<string, { Value: unknown }> };
/** The logical id of a construct's resource in the Data stack. */
const dataLogicalId = (construct: IConstruct) => devApp.data.getLogicalId(construct.node.defaultChild as CfnElement);
/**
 * What a value in the Api stack or a route stack reads from the Data stack (a cross-stack
 * reference is a `Fn::GetStackOutput` of one of the Data stack's outputs): that output's value.
 */
function fromData(value: unknown): unknown {
  const reference = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } } | undefined)?.[
    'Fn::GetStackOutput'
  ];
  if (reference?.StackName !== devApp.data.stackName) return undefined;
  return dataTemplate.Outputs[reference.OutputName]?.Value;
}
const staffPoolArn = () => ({ 'Fn::GetAtt': [dataLogicalId(devApp.data.userPool), 'Arn'] });
const portalPoolArn = () => ({ 'Fn::GetAtt': [dataLogicalId(devApp.data.portalUserPool), 'Arn'] });

describe('every function', () => {
  it('exists once per route, plus the not-found, two stream-consumer, background-worker, client-reports and SES events functions', () => {
    expect(Object.keys(functionsAcross(devTemplates))).toHaveLength(routes.length + 6);
  });

  it("is all there is, besides the one handler of the CDK's portal deployment", () => {
    const all = Object.keys(across(devTemplates, 'AWS::Lambda::Function'));

    expect(all.filter(isDeploymentHandler)).toHaveLength(1);
    expect(all).toHaveLength(routes.length + 7);
  });

  it("keeps every stack far below CloudFormation's 500 resources: routes live in one nested stack per capability", () => {
    for (const template of devTemplates) {
      expect(Object.keys(template.toJSON().Resources).length).toBeLessThanOrEqual(250);
    }
    expect(devApp.api.httpApi.routeStacks.length).toBeGreaterThan(1);
  });

  it('runs on Node.js 24 on arm64', () => {
    for (const fn of Object.values(functionsAcross(devTemplates))) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('has 256 MB (the background worker 1,024), active tracing and the service name, and runs without --enable-source-maps', () => {
    for (const [id, fn] of Object.entries(functionsAcross(devTemplates))) {
      expect(fn.Properties).toMatchObject({
        MemorySize: id === workerFunctionId() ? 1024 : 256,
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'fieldpass' } },
      });
      expect(fn.Properties).not.toMatchObject({ Environment: { Variables: { NODE_OPTIONS: expect.anything() } } });
    }
  });

  it('gives API handlers ten seconds', () => {
    for (const binding of routes) {
      expect(routeFunctionResources(binding).resource?.Properties.Timeout).toBe(10);
    }
  });

  it('logs to its own log group, kept a month outside prod and a year in prod', () => {
    for (const [template, days] of [
      ...devTemplates.map((t) => [t, 30] as const),
      ...prodTemplates.map((t) => [t, 365] as const),
    ]) {
      const logGroups = template.findResources('AWS::Logs::LogGroup') as Resources;
      const groupIds = Object.values(functions(template)).map(
        (fn) => (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref,
      );

      expect(new Set(groupIds).size).toBe(groupIds.length);
      for (const id of groupIds) expect(logGroups[id]?.Properties.RetentionInDays).toBe(days);
    }
  });

  it('has its own role with no managed policy', () => {
    const roles = across(devTemplates, 'AWS::IAM::Role');
    const roleIds = Object.values(functionsAcross(devTemplates)).map(
      (fn) => (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
    );

    expect(new Set(roleIds).size).toBe(roleIds.length);
    for (const id of roleIds) expect(roles[id as string]?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('may write logs only to its own log group', () => {
    for (const template of devTemplates) {
      for (const [id, fn] of Object.entries(functions(template))) {
        const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        const logStatements = policyStatementsOf(template, id).filter((s) =>
          actionsOf([s]).some((a) => a.startsWith('logs:')),
        );

        expect(logStatements).toEqual([
          expect.objectContaining({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          }),
        ]);
      }
    }
  });

  it('is never allowed to Scan the table', () => {
    for (const template of devTemplates) {
      for (const id of Object.keys(functions(template))) {
        expect(actionsOf(policyStatementsOf(template, id))).not.toContain('dynamodb:Scan');
      }
    }
  });
});

describe('the route functions', () => {
  it('get the table name', () => {
    for (const binding of routes) {
      const fn = routeFunctionResources(binding).resource;
      expect(fn?.Properties.Environment).toMatchObject({ Variables: { TABLE_NAME: expect.anything() } });
    }
  });

  const readOnly = (binding: RouteBinding) => binding.contract.method === 'GET' || binding.contract.method === 'HEAD';

  it('may only read items on GET and HEAD routes, besides the view noted on the portal access record or an impersonation session, and a feed key’s hour of use', () => {
    for (const binding of routes.filter(readOnly)) {
      const actions = actionsOf(routeFunctionResources(binding).statements);
      expect(actions).toContain('dynamodb:Query');
      const writes = [...new Set(actions.filter((action) => (itemWriteActions as readonly string[]).includes(action)))];
      expect(writes.sort(), binding.entry).toEqual(
        binding.uses?.includes('viewRecords')
          ? ['dynamodb:PutItem', 'dynamodb:UpdateItem']
          : binding.contract.auth === 'portal' || binding.uses?.includes('feedKeyUse')
            ? ['dynamodb:UpdateItem']
            : [],
      );
    }
    expect(routes.filter((binding) => binding.uses?.includes('viewRecords')).map((b) => b.contract.path)).toEqual([
      '/portal/jobs/{jobId}',
      '/portal/incidents/{incidentId}',
    ]);
    expect(routes.filter((binding) => binding.uses?.includes('feedKeyUse')).map((b) => b.contract.path)).toEqual([
      '/odata',
      '/odata/{resource}',
      '/odata/Jobs',
      '/odata/Incidents',
      '/odata/ExternalUsers',
      '/odata/Assignments',
      '/odata/ChecklistAnswers',
      '/odata/AuditEvents',
    ]);
  });

  it('may read and write items on other routes', () => {
    for (const binding of routes.filter((route) => !readOnly(route))) {
      const actions = actionsOf(routeFunctionResources(binding).statements);
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', ...itemWriteActions]));
    }
  });

  /** A route function's Cognito actions, by the pool they are granted on, and its environment. */
  function cognitoAccessOf(binding: RouteBinding) {
    const { statements, resource } = routeFunctionResources(binding);
    const cognito = (statements as { Action: string | string[]; Resource: unknown }[]).filter((statement) =>
      actionsOf([statement]).some((action) => action.startsWith('cognito-idp:')),
    );
    const on = (arn: unknown) =>
      actionsOf(cognito.filter((statement) => isDeepStrictEqual(fromData(statement.Resource), arn)));
    return {
      staff: on(staffPoolArn()),
      portal: on(portalPoolArn()),
      elsewhere: cognito.filter(
        (statement) =>
          !isDeepStrictEqual(fromData(statement.Resource), staffPoolArn()) &&
          !isDeepStrictEqual(fromData(statement.Resource), portalPoolArn()),
      ),
      variables: (resource!.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
    };
  }

  it('may call Cognito only on the staff and portal pools', () => {
    for (const binding of routes) expect(cognitoAccessOf(binding).elsewhere, binding.contract.operationId).toEqual([]);
  });

  it("may call the staff pool's admin actions, and know the pool, only when their route uses the staff directory", () => {
    expect(routes.some((route) => route.uses?.includes('staffDirectory'))).toBe(true);
    for (const binding of routes) {
      const { staff, variables } = cognitoAccessOf(binding);
      if (binding.uses?.includes('staffDirectory')) {
        expect(staff).toEqual(
          expect.arrayContaining(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminUserGlobalSignOut']),
        );
        expect(staff.every((action) => action.startsWith('cognito-idp:Admin'))).toBe(true);
        expect(fromData(variables.STAFF_USER_POOL_ID)).toEqual({ Ref: dataLogicalId(devApp.data.userPool) });
      } else {
        expect(staff, binding.contract.operationId).toEqual([]);
        expect(variables.STAFF_USER_POOL_ID).toBeUndefined();
      }
    }
  });

  it('may call exactly the portal sign-in actions and read the client secret, and know the pool and client, only when their route uses the portal directory', () => {
    expect(routes.some((route) => route.uses?.includes('portalDirectory'))).toBe(true);
    for (const binding of routes) {
      const { portal, variables } = cognitoAccessOf(binding);
      if (binding.uses?.includes('portalDirectory') || binding.uses?.includes('portalImpersonation')) {
        expect(portal.sort(), binding.contract.operationId).toEqual([
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminInitiateAuth',
          'cognito-idp:AdminRespondToAuthChallenge',
          'cognito-idp:AdminSetUserPassword',
          'cognito-idp:DescribeUserPoolClient',
        ]);
        expect(fromData(variables.PORTAL_USER_POOL_ID)).toEqual({ Ref: dataLogicalId(devApp.data.portalUserPool) });
        expect(fromData(variables.PORTAL_USER_POOL_CLIENT_ID)).toEqual({
          Ref: dataLogicalId(devApp.data.portalUserPoolClient),
        });
        if (binding.uses?.includes('portalImpersonation')) {
          expect(fromData(variables.PORTAL_IMPERSONATION_CLIENT_ID)).toEqual({
            Ref: dataLogicalId(devApp.data.portalImpersonationClient),
          });
        }
      } else if (binding.uses?.includes('portalSignOut')) {
        // Signing out, and nothing that reads the client secret or signs anyone in.
        expect(portal, binding.contract.operationId).toEqual(['cognito-idp:AdminUserGlobalSignOut']);
        expect(fromData(variables.PORTAL_USER_POOL_ID)).toEqual({ Ref: dataLogicalId(devApp.data.portalUserPool) });
        expect(variables.PORTAL_USER_POOL_CLIENT_ID).toBeUndefined();
      } else {
        expect(portal, binding.contract.operationId).toEqual([]);
        expect(variables.PORTAL_USER_POOL_ID).toBeUndefined();
        // A portal route knows the portal client's id, to tell an impersonation token (decision 0006).
        if (binding.contract.auth === 'portal') {
          expect(fromData(variables.PORTAL_USER_POOL_CLIENT_ID), binding.contract.operationId).toEqual({
            Ref: dataLogicalId(devApp.data.portalUserPoolClient),
          });
        } else expect(variables.PORTAL_USER_POOL_CLIENT_ID).toBeUndefined();
      }
      if (!binding.uses?.includes('portalImpersonation'))
        expect(variables.PORTAL_IMPERSONATION_CLIENT_ID).toBeUndefined();
    }
  });

  it('name each index they may query instead of a wildcard', () => {
    const resources = Object.values(across(devTemplates, 'AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument as { Statement: { Resource: unknown }[] }).Statement.map((s) =>
        JSON.stringify(s.Resource),
      ),
    );

    expect(resources.filter((resource) => resource.includes('/index/*'))).toEqual([]);
  });
});

describe('the HTTP API', () => {
  const routeResources = () => across(devTemplates, 'AWS::ApiGatewayV2::Route');
  const routeByKey = (key: string) => {
    const match = Object.values(routeResources()).filter((route) => route.Properties.RouteKey === key);
    if (match.length !== 1) throw new Error(`expected one route ${key}, found ${match.length}`);
    return match[0] as (typeof match)[number];
  };
  const authorizers = () => dev.findResources('AWS::ApiGatewayV2::Authorizer') as Resources;
  /** The logical id of the JWT authorizer named `name`. */
  const authorizerId = (name: string) =>
    onlyLogicalId(dev.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { Name: name } }));
  /** The logical id, in the Api stack, of the authorizer on `binding`'s route. */
  function authorizerOfRoute(binding: RouteBinding): unknown {
    const fn = routeFunction(binding);
    const routeStack = Stack.of(fn.fn);
    const route = onlyValue(
      Object.fromEntries(
        Object.entries(templateOf(fn).findResources('AWS::ApiGatewayV2::Route') as Resources).filter(
          ([, r]) => r.Properties.RouteKey === `${binding.contract.method} ${binding.contract.path}`,
        ),
      ),
    );
    expect(route.Properties.AuthorizationType).toBe('JWT');
    // A route stack gets the authorizer's id as a parameter, which the Api stack fills from the authorizer.
    const parameter = (route.Properties.AuthorizerId as { Ref: string }).Ref;
    const nestedStacks = dev.findResources('AWS::CloudFormation::Stack') as Resources;
    const nestedResource = nestedStacks[devApp.api.getLogicalId(routeStack.nestedStackResource as CfnResource)];
    const parameters = (nestedResource?.Properties.Parameters ?? {}) as Record<string, { Ref: string } | undefined>;
    return parameters[parameter]?.Ref;
  }

  it('has one route per contract, plus $default', () => {
    const keys = Object.values(routeResources()).map((route) => route.Properties.RouteKey);

    expect(keys.sort()).toEqual([...routes.map((r) => `${r.contract.method} ${r.contract.path}`), '$default'].sort());
  });

  it('has exactly two authorizers: the staff and the portal JWT authorizers', () => {
    expect(
      Object.values(authorizers())
        .map((authorizer) => authorizer.Properties.Name)
        .sort(),
    ).toEqual(['PortalJwt', 'StaffJwt']);
  });

  it('puts the staff JWT authorizer on every staff route', () => {
    const staffRoutes = routes.filter((route) => route.contract.auth === 'staff');

    expect(staffRoutes.length).toBeGreaterThan(0);
    for (const binding of staffRoutes) {
      expect(authorizerOfRoute(binding), binding.contract.operationId).toBe(authorizerId('StaffJwt'));
    }
  });

  it('puts the portal JWT authorizer on every portal route', () => {
    const portalRoutes = routes.filter((route) => route.contract.auth === 'portal');

    expect(portalRoutes.length).toBeGreaterThan(0);
    for (const binding of portalRoutes) {
      expect(authorizerOfRoute(binding), binding.contract.operationId).toBe(authorizerId('PortalJwt'));
    }
  });

  it('puts no authorizer on public routes', () => {
    for (const binding of routes.filter((route) => route.contract.auth === 'none')) {
      const route = routeByKey(`${binding.contract.method} ${binding.contract.path}`);
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('sends unknown routes to the not-found function, without an authorizer', () => {
    const route = routeByKey('$default');
    const integrations = across(devTemplates, 'AWS::ApiGatewayV2::Integration');
    const integrationId = (route.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })[
      'Fn::Join'
    ][1][1].Ref;

    expect(route.Properties.AuthorizationType).toBe('NONE');
    expect(integrations[integrationId]?.Properties.IntegrationUri).toEqual({
      'Fn::GetAtt': [notFoundFunctionId(), 'Arn'],
    });
    expect(notFoundEntry).toMatch(/not-found\.handler\.ts$/);
  });

  /** The pool id in an authorizer's issuer and the client id of its only audience, as Data stack resources. */
  function jwtConfigurationOf(name: string) {
    const authorizer = authorizers()[authorizerId(name)];
    const config = authorizer?.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(config.Issuer).toEqual({
      'Fn::Join': [
        '',
        ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', expect.anything()],
      ],
    });
    const issuerParts = (config.Issuer as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const audience = config.Audience.map(fromData);
    return {
      pool: fromData(issuerParts[issuerParts.length - 1]),
      audience: audience.length === 1 ? audience[0] : audience,
    };
  }

  it('accepts only ID tokens of the staff pool and its web client on staff routes', () => {
    expect(jwtConfigurationOf('StaffJwt')).toEqual({
      pool: { Ref: dataLogicalId(devApp.data.userPool) },
      audience: { Ref: dataLogicalId(devApp.data.userPoolClient) },
    });
  });

  it('accepts only ID tokens of the portal pool, its client and its impersonation client on portal routes', () => {
    expect(jwtConfigurationOf('PortalJwt')).toEqual({
      pool: { Ref: dataLogicalId(devApp.data.portalUserPool) },
      audience: [
        { Ref: dataLogicalId(devApp.data.portalUserPoolClient) },
        { Ref: dataLogicalId(devApp.data.portalImpersonationClient) },
      ],
    });
  });

  it('logs every request of its $default stage and throttles it', () => {
    dev.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('names the caller by the JWT sub, and keeps headers, query strings and bodies out of the access log', () => {
    const stage = onlyValue(dev.findResources('AWS::ApiGatewayV2::Stage') as Resources);
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;

    expect(JSON.parse(format)).toMatchObject({ caller: '$context.authorizer.claims.sub' });
    // Only variables known to hold no secret: the path without its query string, ids, times, sizes.
    const variables = [...format.matchAll(/\$context\.[\w.]+/g)].map(([name]) => name).sort();
    expect(variables).toEqual(
      [
        '$context.authorizer.claims.sub',
        '$context.authorizer.error',
        '$context.httpMethod',
        '$context.identity.sourceIp',
        '$context.identity.userAgent',
        '$context.integration.latency',
        '$context.integrationErrorMessage',
        '$context.path',
        '$context.protocol',
        '$context.requestId',
        '$context.requestTime',
        '$context.responseLatency',
        '$context.responseLength',
        '$context.routeKey',
        '$context.status',
      ].sort(),
    );
    expect(format).not.toMatch(/header|querystring|rawQueryString|authorization|\$request\.|\$input/i);
  });

  it("allows only the portal's origin when no web origin is configured", () => {
    const template = stackTemplate(sharedTestApp(configuredContext).api);

    expect(
      onlyValue(template.findResources('AWS::ApiGatewayV2::Api') as Resources).Properties.CorsConfiguration,
    ).toMatchObject({
      // The staff console's distribution URL (an output of the Data stack), then the portal.
      AllowOrigins: [expect.any(Object), 'https://portal.fieldpass.test'],
      AllowCredentials: false,
    });
  });

  it('allows exactly the configured web origins and the portal, with the link-token header', () => {
    const template = stackTemplate(sharedTestApp(originsContext).api);

    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        // The configured ones, the staff console's distribution URL (a Data stack output), the portal.
        AllowOrigins: [
          'https://staff.fieldpass.test',
          'http://localhost:5173',
          Match.anyValue(),
          'https://portal.fieldpass.test',
        ],
        AllowCredentials: false,
        AllowHeaders: ['authorization', 'content-type', 'x-link-token'],
      }),
    });
  });
});

describe('the stream consumers', () => {
  const bucketId = () => deadLetterBucketIdOf(dev);
  const consumers = [
    ['records', recordsFunctionId],
    ['reactions', consumerFunctionId],
  ] as const;
  const filtersOf = (functionId: string) =>
    (mappingOf(functionId).FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) =>
      JSON.parse(f.Pattern),
    );

  it.each(consumers)(
    'the %s consumer reads the table stream from the oldest record, in batches of the shared setting, and reports partial batch failures',
    (_name, functionId) => {
      expect(mappingOf(functionId())).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: streamConsumerSettings.batchSize,
        ParallelizationFactor: streamConsumerSettings.parallelizationFactor,
        FunctionName: { Ref: functionId() },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(JSON.stringify(mappingOf(functionId()).EventSourceArn)).toMatch(/StreamArn/);
    },
  );

  it('are the only two readers of the table stream (DynamoDB Streams throttles a third)', () => {
    const streamMappings = Object.values(dev.findResources('AWS::Lambda::EventSourceMapping') as Resources).filter(
      (each) => JSON.stringify(each.Properties.EventSourceArn).includes('StreamArn'),
    );
    expect(streamMappings.map((each) => each.Properties.FunctionName).sort()).toEqual(
      [{ Ref: recordsFunctionId() }, { Ref: consumerFunctionId() }].sort(),
    );
  });

  it('invoke the records consumer only for what the audit trail, the feed log and background work act on, and the reactions consumer for its processors', () => {
    const records = filtersOf(recordsFunctionId());
    const reactions = filtersOf(consumerFunctionId());
    expect(records).toEqual(recordsFilterPatterns());
    expect(reactions).toEqual(reactionsFilterPatterns());
    const entities = (patterns: typeof records, eventName: string) =>
      patterns.find((p) => p.eventName.length === 1 && p.eventName[0] === eventName && !p.dynamodb.NewImage?.lastChange)
        ?.dynamodb[eventName === 'REMOVE' ? 'OldImage' : 'NewImage'].entity.S as string[];
    // The audit entries the records consumer writes never invoke either; answers and the view marker do.
    for (const name of ['INSERT', 'MODIFY', 'REMOVE']) {
      expect(entities(records, name)).not.toContain('AuditEntry');
      expect(entities(reactions, name)).not.toContain('AuditEntry');
    }
    expect(entities(records, 'INSERT')).toContain('ChecklistAnswer');
    expect(entities(reactions, 'INSERT')).toContain('ChecklistAnswer');
    // The item access record's change only as a view marker (not an answer's note of answeredAt).
    expect(records).toContainEqual({
      eventName: ['MODIFY'],
      dynamodb: { NewImage: { entity: { S: ['ItemAccess'] }, lastChange: { S: ['view'] } } },
    });
    // Background records in a state that needs work: the records consumer's dispatch to the worker.
    expect(records).toContainEqual(workerFilterPatterns()[0]);
    // TTL deletions still arrive (R24): expired send tickets and auto-disable dates (the audit
    // trail), pending uploads (abandoned uploads).
    expect(entities(records, 'REMOVE')).toEqual(expect.arrayContaining(['CodeSendTicket', 'ExternalUserAutoDisable']));
    expect(entities(reactions, 'REMOVE')).toEqual(expect.arrayContaining(['ChecklistAttachment']));
    // Lambda allows 5 filters per mapping, each pattern at most 4 KB.
    for (const functionId of [recordsFunctionId(), consumerFunctionId()]) {
      const { Filters } = mappingOf(functionId).FilterCriteria as { Filters: { Pattern: string }[] };
      expect(Filters.length).toBeLessThanOrEqual(5);
      for (const f of Filters) expect(f.Pattern.length).toBeLessThanOrEqual(4096);
    }
  });

  it.each(consumers)(
    'the %s consumer bisects failing batches, retries a finite number of times, drops records past their maximum age, and keeps each batch it gives up on, whole, in the one dead-letter bucket',
    (_name, functionId) => {
      expect(mappingOf(functionId())).toMatchObject({
        BisectBatchOnFunctionError: streamConsumerSettings.bisectBatchOnError,
        MaximumRetryAttempts: streamConsumerSettings.retryAttempts,
        MaximumRecordAgeInSeconds: streamConsumerSettings.maxRecordAgeSeconds,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [bucketId(), 'Arn'] } } },
      });
      expect(streamConsumerSettings).toMatchObject({
        retryAttempts: 3,
        maxRecordAgeSeconds: 3600,
        bisectBatchOnError: true,
      });
      // Lambda writes the failed batch with the consumer's role.
      const actions = actionsOf(policyStatementsOf(dev, functionId()));
      expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:ListBucket']));
    },
  );

  it("lets the records consumer send messages to the worker's queue, and to no other queue, and send no e-mail", () => {
    const statements = policyStatementsOf(dev, recordsFunctionId()) as unknown as {
      Action: string;
      Resource: unknown;
    }[];
    const sqs = statements.filter((s) => actionsOf([s as never]).some((action) => action.startsWith('sqs:')));
    expect(sqs).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [apiLogicalId(devApp.api.worker.queue), 'Arn'] },
      }),
    ]);
    expect(actionsOf(statements as never).some((action) => action.startsWith('ses:'))).toBe(false);
    const fn = functions(dev)[recordsFunctionId()];
    if (!fn) throw new Error('no records consumer');
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.WORKER_QUEUE_URL).toEqual({ Ref: apiLogicalId(devApp.api.worker.queue) });
    expect(variables).not.toHaveProperty('SENDER_EMAIL');
    // The reactions consumer sends no message.
    const reactions = actionsOf(policyStatementsOf(dev, consumerFunctionId()));
    expect(reactions.some((action) => action.startsWith('sqs:'))).toBe(false);
  });

  it('keeps dead letters private, encrypted and TLS-only for a year', () => {
    const bucket = deadLetterBucketOf(dev);
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 365, Status: 'Enabled' })] },
    });
    dev.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('raises an alarm as soon as one batch is dead-lettered', () => {
    dev.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/S3',
      MetricName: 'PutRequests',
      Dimensions: Match.arrayWith([
        { Name: 'BucketName', Value: { Ref: bucketId() } },
        { Name: 'FilterId', Value: 'DeadLetters' },
      ]),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
    expect(deadLetterBucketOf(dev).Properties.MetricsConfigurations).toEqual([{ Id: 'DeadLetters' }]);
  });

  it('notifies no one when no alarm topic is configured', () => {
    const alarms = Object.values(dev.findResources('AWS::CloudWatch::Alarm') as Resources);
    expect(alarms.length).toBeGreaterThan(1);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toBeUndefined();
  });

  it('notifies the configured alarm topic of every alarm, and when it clears', () => {
    const topicArn = configuredContext.alarmTopicArn;
    const template = stackTemplate(sharedTestApp(configuredContext).api);

    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([topicArn]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      OKActions: [topicArn],
    });
  });

  it.each(consumers)(
    'the %s consumer reads the stream and reads and writes items, but may never Scan',
    (_name, functionId) => {
      const actions = actionsOf(policyStatementsOf(dev, functionId()));

      expect(actions).toEqual(
        expect.arrayContaining([
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:GetItem',
          ...itemWriteActions,
        ]),
      );
      expect(actions).not.toContain('dynamodb:Scan');
    },
  );

  it('may send e-mail only from the configured sender, through its address or domain identity', () => {
    const statements = policyStatementsOf(dev, consumerFunctionId()) as unknown as {
      Action: string | string[];
      Resource: unknown;
      Condition?: unknown;
    }[];
    const ses = statements.filter((s) => actionsOf([s]).some((action) => action.startsWith('ses:')));

    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toBe('ses:SendEmail');
    const resources = JSON.stringify(ses[0]?.Resource);
    expect(resources).toContain(`:identity/${devApp.config.senderEmail}`);
    expect(resources).toContain(`:identity/${devApp.config.senderEmail.split('@')[1]}`);
    expect(ses[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': devApp.config.senderEmail } });
  });

  it('knows the table, the sender and the portal URL its e-mailed links point to (the reactions consumer)', () => {
    const app = sharedTestApp(configuredContext);
    const fn = functions(stackTemplate(app.api))[logicalIdOf(app.api.streamConsumer.reactionsHandler)];
    const variables = (fn?.Properties.Environment as { Variables: object } | undefined)?.Variables;

    expect(variables).toMatchObject({
      TABLE_NAME: expect.anything(),
      SENDER_EMAIL: app.config.senderEmail,
      PORTAL_URL: 'https://portal.fieldpass.test',
    });
  });

  it("links owner e-mails to the console's own distribution, or to the staffUrl configured in front of it", () => {
    const staffUrlOf = (app: FieldPassApp) => {
      const fn = functions(stackTemplate(app.api))[logicalIdOf(app.api.streamConsumer.reactionsHandler)];
      return (fn?.Properties.Environment as { Variables: { STAFF_URL: unknown } } | undefined)?.Variables.STAFF_URL;
    };
    // The console's CloudFront domain, from the Data stack.
    expect(JSON.stringify(staffUrlOf(devApp))).toContain('ConsoleSite');
    expect(staffUrlOf(sharedTestApp(configuredContext))).toBe('https://staff.fieldpass.test');
  });
});

describe('the client report e-mails (issue 20)', () => {
  const reportsFunctionId = () => logicalIdOf(devApp.api.clientReports.handler);

  it('run every hour, five minutes past, invoking their function with retries within the hour', () => {
    const rule = onlyValue(
      dev.findResources('AWS::Events::Rule', { Properties: { ScheduleExpression: Match.anyValue() } }) as Resources,
    ).Properties;
    expect(rule.ScheduleExpression).toBe('cron(5 * * * ? *)');
    expect(rule.State).toBe('ENABLED');
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [reportsFunctionId(), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      }),
    ]);
    // EventBridge, and only this rule, may invoke the function.
    dev.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [reportsFunctionId(), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: {
        'Fn::GetAtt': [
          onlyLogicalId(
            dev.findResources('AWS::Events::Rule', { Properties: { ScheduleExpression: Match.anyValue() } }),
          ),
          'Arn',
        ],
      },
    });
  });

  it('read and write items, never Scan, and send e-mail only from the configured sender', () => {
    const statements = policyStatementsOf(dev, reportsFunctionId()) as unknown as {
      Action: string | string[];
      Condition?: unknown;
    }[];
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', ...itemWriteActions]));
    expect(actions).not.toContain('dynamodb:Scan');
    const ses = statements.filter((s) => actionsOf([s]).some((action) => action.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': devApp.config.senderEmail } });
  });

  it('know the table, the sender, the portal their links open and the API their one-click unsubscribe posts to', () => {
    const app = sharedTestApp(configuredContext);
    const fn = functions(stackTemplate(app.api))[logicalIdOf(app.api.clientReports.handler)];
    const variables = (fn?.Properties.Environment as { Variables: object } | undefined)?.Variables;
    expect(variables).toMatchObject({
      TABLE_NAME: expect.anything(),
      SENDER_EMAIL: app.config.senderEmail,
      PORTAL_URL: 'https://portal.fieldpass.test',
      API_URL: expect.anything(),
    });
    expect(fn?.Properties.Timeout).toBe(300);
  });

  it('spread the hourly run over SQS: the run sends chunks to an encrypted queue with a dead-letter queue and an alarm, and the same function runs each chunk', () => {
    const queueIdOf = (queue: Queue) => Stack.of(queue).getLogicalId(queue.node.defaultChild as CfnQueue);
    const queueId = queueIdOf(devApp.api.clientReports.queue);
    const deadLettersId = queueIdOf(devApp.api.clientReports.deadLetters);
    const queues = dev.findResources('AWS::SQS::Queue');
    expect(queues[queueId]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 1800,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(queues[deadLettersId]?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    dev.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: reportsFunctionId() },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const fn = functions(dev)[reportsFunctionId()];
    expect((fn?.Properties.Environment as { Variables: object } | undefined)?.Variables).toMatchObject({
      REPORT_QUEUE_URL: { Ref: queueId },
    });
    const actions = actionsOf(
      policyStatementsOf(dev, reportsFunctionId()) as unknown as { Action: string | string[] }[],
    );
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    dev.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
      Threshold: 1,
    });
  });
});

describe('the stateless stack outputs', () => {
  it('name the API URL, the dead-letter bucket and the stream consumers that replay them, and the worker dead-letter queue that redrives', () => {
    dev.hasOutput('ApiUrl', {});
    dev.hasOutput('StreamDeadLetterBucketName', { Value: { Ref: deadLetterBucketIdOf(dev) } });
    dev.hasOutput('RecordsConsumerFunctionName', { Value: { Ref: recordsFunctionId() } });
    dev.hasOutput('ReactionsConsumerFunctionName', { Value: { Ref: consumerFunctionId() } });
    dev.hasOutput('WorkerDeadLetterQueueArn', {
      Value: { 'Fn::GetAtt': [apiLogicalId(devApp.api.worker.deadLetters), 'Arn'] },
    });
    dev.hasOutput('WorkerFunctionName', { Value: { Ref: workerFunctionId() } });
  });
});

/** The stream consumer's dead-letter bucket: the consumer's (`Streams/`) bucket with request metrics for its alarm. */
function deadLetterBucketIdOf(template: Template): string {
  const withMetrics = template.findResources('AWS::S3::Bucket', {
    Properties: { MetricsConfigurations: Match.anyValue() },
  }) as Record<string, unknown>;
  return onlyLogicalId(Object.fromEntries(Object.entries(withMetrics).filter(([id]) => id.startsWith('Streams'))));
}
const deadLetterBucketOf = (template: Template) =>
  (template.findResources('AWS::S3::Bucket') as Resources)[deadLetterBucketIdOf(template)] as Resources[string];

describe('the background worker (on its SQS queue)', () => {
  const mapping = () => mappingOf(workerFunctionId());
  const queueId = () => apiLogicalId(devApp.api.worker.queue);
  const deadLettersId = () => apiLogicalId(devApp.api.worker.deadLetters);
  const queues = dev.findResources('AWS::SQS::Queue') as Resources;

  it('is invoked by its queue, one message at a time, with partial batch responses, and never by the table stream', () => {
    expect(mapping()).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId(), 'Arn'] },
      BatchSize: workerQueueSettings.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(mapping()).not.toHaveProperty('StartingPosition');
  });

  it('receives a failed message again only after six times its timeout, and after three receives leaves it in an encrypted, TLS-only dead-letter queue with an alarm', () => {
    expect(workerQueueSettings.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * workerTimeoutSeconds);
    expect(queues[queueId()]?.Properties).toMatchObject({
      VisibilityTimeout: workerQueueSettings.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId(), 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(queues[deadLettersId()]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    for (const id of [queueId(), deadLettersId()]) {
      dev.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
    dev.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId(), 'QueueName'] } }],
      Threshold: 1,
    });
  });

  it('has five minutes, may write export files (never read or delete them) and read and write import files only, nor Scan', () => {
    const fn = functions(dev)[workerFunctionId()];
    expect(fn?.Properties.Timeout).toBe(300);
    const statements = policyStatementsOf(dev, workerFunctionId()) as unknown as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const s3 = statements.filter((s) => actionsOf([s]).some((action) => action.startsWith('s3:')));
    const onExports = s3.filter((s) => JSON.stringify(s.Resource).includes('fieldpass-exports-'));
    expect(actionsOf(onExports).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    const onImports = s3.filter((s) => !onExports.includes(s));
    expect(actionsOf(onImports).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    for (const statement of onImports) expect(JSON.stringify(statement.Resource)).toMatch(/\/imports\/\*"/);
    expect(actionsOf(statements as never)).not.toContain('dynamodb:Scan');
  });
});

describe('operations: dashboard and alarms', () => {
  const alarms = Object.values(dev.findResources('AWS::CloudWatch::Alarm') as Resources);
  /** The alarm on a metric of a namespace, or on a metric math expression that reads it. */
  const alarmOn = (namespace: string, metricName: string) =>
    alarms
      .filter((alarm) => JSON.stringify(alarm.Properties).includes(`"Namespace":"${namespace}"`))
      .find((alarm) => JSON.stringify(alarm.Properties).includes(`"MetricName":"${metricName}"`));

  it('alarms at the rates SES reviews an account at: 5% bounces, 0.1% complaints', () => {
    expect(alarmOn('AWS/SES', 'Reputation.BounceRate')?.Properties).toMatchObject({ Threshold: 0.05 });
    expect(alarmOn('AWS/SES', 'Reputation.ComplaintRate')?.Properties).toMatchObject({ Threshold: 0.001 });
  });

  it("alarms on the API's 5xx rate of this API's stage, over enough requests to mean something", () => {
    const alarm = alarmOn('AWS/ApiGateway', '5xx');
    expect(alarm?.Properties).toMatchObject({ Threshold: 0.01, EvaluationPeriods: 2 });
    const text = JSON.stringify(alarm?.Properties);
    expect(text).toContain('IF(requests >= 20, errors / requests, 0)');
    expect(text).toContain('"Name":"ApiId"');
    expect(text).toContain('"Name":"Stage"');
  });

  it('alarms on Lambda errors and throttles, and on a stream consumer falling behind', () => {
    expect(alarmOn('AWS/Lambda', 'Errors')?.Properties).toMatchObject({ Threshold: 0.02 });
    expect(alarmOn('AWS/Lambda', 'Throttles')?.Properties).toMatchObject({ Threshold: 1 });
    const ages = alarms.filter((alarm) => alarm.Properties.MetricName === 'IteratorAge');
    expect(ages.map((age) => age.Properties.Dimensions)).toEqual(
      expect.arrayContaining([
        [{ Name: 'FunctionName', Value: { Ref: recordsFunctionId() } }],
        [{ Name: 'FunctionName', Value: { Ref: consumerFunctionId() } }],
      ]),
    );
    expect(ages).toHaveLength(2);
    for (const age of ages) {
      expect(age.Properties).toMatchObject({
        Threshold: (streamConsumerSettings.maxRecordAgeSeconds * 1000) / 2,
        EvaluationPeriods: 5,
      });
    }
  });

  it("alarms on the background worker's queue holding a message longer than a retry's wait", () => {
    const queueId = apiLogicalId(devApp.api.worker.queue);
    const age = alarms.find((alarm) => alarm.Properties.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(age?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      Threshold: workerQueueSettings.visibilityTimeoutSeconds + 600,
      EvaluationPeriods: 5,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
    const dashboard = JSON.stringify(onlyValue(dev.findResources('AWS::CloudWatch::Dashboard') as Resources));
    expect(dashboard).toContain(queueId);
  });

  it('alarms on each dead-letter queue (client reports, SES events, the worker) by the most messages seen waiting in 5 minutes, so a brief one alarms', () => {
    const queueAlarms = alarms.filter(
      (alarm) =>
        alarm.Properties.Namespace === 'AWS/SQS' &&
        alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    const queueOf = (queue: Queue) => Stack.of(queue).getLogicalId(queue.node.defaultChild as CfnQueue);
    expect(queueAlarms.map((alarm) => JSON.stringify(alarm.Properties.Dimensions)).sort()).toEqual(
      [devApp.api.clientReports.deadLetters, devApp.api.sesEvents.deadLetters, devApp.api.worker.deadLetters]
        .map((queue) => JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueOf(queue), 'QueueName'] } }]))
        .sort(),
    );
    for (const alarm of queueAlarms) {
      expect(alarm.Properties).toMatchObject({
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('describes why each alarm matters, and points to the runbook', () => {
    for (const alarm of alarms) expect(String(alarm.Properties.AlarmDescription)).toMatch(/operations\.md|replay/);
  });

  it("builds one dashboard with the API, the functions, the stream, SES and FieldPass's own counts", () => {
    const dashboard = onlyValue(dev.findResources('AWS::CloudWatch::Dashboard') as Resources);
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const shown of [
      'AWS/ApiGateway',
      'Latency',
      'Throttles',
      'IteratorAge',
      'Reputation.BounceRate',
      'PutRequests',
      'PortalSignInFailed',
      'AnswerConflict',
      'LinkEmailFailed',
      'StreamRecordFailed',
      'AuditRecordFailed',
      'EmailBounced',
      'EmailComplained',
      'EmailSuppressed',
      'ExportDone',
      'ExportFailed',
      'ImportPreviewed',
      'ImportRejected',
      'ImportCommitted',
      'SEARCH(',
    ]) {
      expect(body, shown).toContain(shown);
    }
  });
});
