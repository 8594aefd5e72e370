import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { codeLifetimeMinutes } from '../../functions/portal-sign-in/one-time-code';
import { portalAuthTriggerEntries } from '../../functions/routes';
import { indexProjections, tableDefinition } from '../../functions/shared/data/keys';
import { exportRetentionDays } from '../../lib/constructs/exports-bucket';
import type { FieldPassFunction } from '../../lib/constructs/fieldpass-function';
import type { PortalUserPool } from '../../lib/constructs/portal-user-pool';
import { itemReadActions, itemWriteActions } from '../../lib/constructs/table-grants';
import { configuredContext, onlyValue, originsContext, sharedTestApp, stackTemplate } from './support';

const devApp = sharedTestApp({ stage: 'dev' });
const dev = stackTemplate(devApp.data);
const prod = stackTemplate(sharedTestApp({ stage: 'prod' }).data);

interface DataResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
}
interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** The logical id of a construct's CloudFormation resource in the Data stack (the same in every stage). */
const logicalIdIn = (construct: IConstruct) =>
  devApp.data.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
/** The resource a construct of the dev app made, in `template` (dev or prod). */
function resourceIn(template: Template, construct: IConstruct): DataResource {
  const resource = (template.toJSON().Resources as Record<string, DataResource>)[logicalIdIn(construct)];
  if (!resource) throw new Error(`no resource for ${construct.node.path}`);
  return resource;
}
/** The statements of every policy attached to the role of the function with `functionLogicalId`. */
function policyStatementsOf(template: Template, functionLogicalId: string): Statement[] {
  const resources = template.toJSON().Resources as Record<string, DataResource>;
  const fn = resources[functionLogicalId];
  if (!fn) throw new Error(`no function ${functionLogicalId}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
/** The portal pool's construct, its triggers and their functions. */
const portal = devApp.data.node.findChild('Portal') as PortalUserPool;
const triggers = (): FieldPassFunction[] => [
  portal.defineAuthChallenge,
  portal.createAuthChallenge,
  portal.verifyAuthChallengeResponse,
  portal.postAuthentication,
];
const actionsOf = (statements: Statement[]) =>
  statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));

const table = (template: Template) => onlyValue(template.findResources('AWS::DynamoDB::GlobalTable'));
const primaryReplica = (template: Template) =>
  (table(template).Properties as { Replicas: Record<string, unknown>[] }).Replicas[0] ?? {};

describe('the single table', () => {
  it('is keyed by the string attributes pk and sk from the shared table definition', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
    });
  });

  it('has exactly the indexes of the shared table definition, each list index projecting whole items', () => {
    const expected = tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: indexProjections[index.indexName]
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...(indexProjections[index.indexName] ?? [])] }
        : { ProjectionType: 'ALL' },
    }));

    expect(table(dev).Properties.GlobalSecondaryIndexes).toEqual(expected);
  });

  it("projects the feed's `changes` index narrowly: its columns, never an item's description", () => {
    const changes = (table(dev).Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: object }[]).find(
      (index) => index.IndexName === 'changes',
    );
    expect(changes?.Projection).toMatchObject({ ProjectionType: 'INCLUDE' });
    const attributes = (changes?.Projection as { NonKeyAttributes?: string[] } | undefined)?.NonKeyAttributes;
    expect(attributes).toEqual(expect.arrayContaining(['updatedAt', 'status', 'privacyStatusId', 'ownerIds']));
    expect(attributes).not.toContain('description');
  });

  it('streams new and old images', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: tableDefinition.streamViewType },
    });
    expect(tableDefinition.streamViewType).toBe('NEW_AND_OLD_IMAGES');
  });

  it('expires items by the TTL attribute of the shared table definition', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('bills on demand', () => {
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('has point-in-time recovery in every stage', () => {
    for (const template of [dev, prod]) {
      expect(primaryReplica(template).PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('is deletion-protected and retained in prod', () => {
    expect(primaryReplica(prod).DeletionProtectionEnabled).toBe(true);
    expect(table(prod).DeletionPolicy).toBe('Retain');
    expect(table(prod).UpdateReplacePolicy).toBe('Retain');
  });

  it('is neither protected nor retained outside prod, so a dev stack can be torn down', () => {
    expect(primaryReplica(dev).DeletionProtectionEnabled).toBe(false);
    expect(table(dev).DeletionPolicy).toBe('Delete');
  });
});

describe('the exports bucket', () => {
  const exportsBucket = () => resourceIn(dev, devApp.data.exportsBucket);

  it('is private: every kind of public access blocked, objects owned by the bucket owner', () => {
    expect(exportsBucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(exportsBucket().Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
  });

  it('encrypts at rest', () => {
    expect(exportsBucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('denies every request that does not use TLS (1.2 or later)', () => {
    dev.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdIn(devApp.data.exportsBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('deletes export files after the retention days, and abandoned multipart uploads after one', () => {
    expect(exportsBucket().Properties.LifecycleConfiguration).toEqual({
      Rules: expect.arrayContaining([
        { ExpirationInDays: exportRetentionDays, Status: 'Enabled' },
        { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
      ]),
    });
    expect(exportRetentionDays).toBe(7);
  });

  it('has no CORS rule: files are downloaded by following a presigned URL, not read by a script', () => {
    expect(exportsBucket().Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('the attachments bucket', () => {
  const attachments = () =>
    onlyValue(dev.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }));

  it('blocks every kind of public access, on every bucket of the stack', () => {
    const buckets = Object.values(dev.findResources('AWS::S3::Bucket'));

    // The attachments bucket and its access logs; the exports bucket; the portal page's bucket and
    // its logs; the staff console's bucket and its logs.
    expect(buckets).toHaveLength(7);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('denies every request that does not use TLS', () => {
    dev.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^AttachmentsBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('encrypts at rest and keeps versions', () => {
    expect(attachments().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('aborts abandoned multipart uploads', () => {
    expect(attachments().Properties.LifecycleConfiguration).toEqual({
      Rules: expect.arrayContaining([
        { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
      ]),
    });
  });

  it('writes its access logs to the other bucket, never to itself', () => {
    const logging = attachments().Properties.LoggingConfiguration as { DestinationBucketName: { Ref: string } };
    const [attachmentsId] = Object.keys(
      dev.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }),
    );

    expect(logging.DestinationBucketName.Ref).toMatch(/^AttachmentsAccessLogs/);
    expect(logging.DestinationBucketName.Ref).not.toBe(attachmentsId);
  });

  it('allows cross-origin presigned requests from the configured portal and console origins only', () => {
    const template = stackTemplate(sharedTestApp(originsContext).data);
    const bucket = onlyValue(
      template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }),
    );
    const rules = (bucket.Properties.CorsConfiguration as { CorsRules: { AllowedOrigins: string[] }[] }).CorsRules;

    expect(rules.flatMap((rule) => rule.AllowedOrigins)).toEqual([
      'https://portal.fieldpass.test',
      'https://app.fieldpass.test',
    ]);
  });
});

describe('the staff user pool', () => {
  const pool = (template: Template) => resourceIn(template, devApp.data.userPool);
  const client = (template: Template) => resourceIn(template, devApp.data.userPoolClient);

  it('signs staff in by e-mail and lets no one sign themselves up', () => {
    expect(pool(dev).Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('holds the tenant as an immutable custom:accountId attribute', () => {
    expect(pool(dev).Properties.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'accountId', AttributeDataType: 'String', Mutable: false }),
      ]),
    );
  });

  it('gives the client no way to write custom:accountId, so no one can move into another tenant', () => {
    const writable = client(dev).Properties.WriteAttributes as string[] | undefined;

    // Cognito treats a missing list as "every writable attribute", so the list must be present.
    expect(writable).toBeDefined();
    expect(writable).not.toContain('custom:accountId');
  });

  it('lets the client read custom:accountId, which the API takes from the ID token', () => {
    expect(client(dev).Properties.ReadAttributes).toContain('custom:accountId');
  });

  it('has a public client with password and SRP sign-in, no OAuth, and no user-existence leaks', () => {
    expect(client(dev).Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(client(dev).Properties.ExplicitAuthFlows).toEqual([
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
  });

  it('issues one-hour ID and access tokens and thirty-day refresh tokens', () => {
    expect(client(dev).Properties).toMatchObject({
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30 * 24 * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('requires a strong password and recovers accounts by e-mail only', () => {
    expect(pool(dev).Properties).toMatchObject({
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('offers TOTP as an optional second factor and never SMS', () => {
    expect(pool(dev).Properties).toMatchObject({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it('blocks risky sign-ins in prod and only records them elsewhere', () => {
    expect(pool(prod).Properties).toMatchObject({
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    expect(pool(dev).Properties).toMatchObject({
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
    });
  });

  it('sends its e-mails through SES from the configured sender', () => {
    const template = stackTemplate(sharedTestApp(configuredContext).data);

    expect(pool(template).Properties.EmailConfiguration).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: 'FieldPass <staff-mail@fieldpass.test>',
    });
  });

  it('is deletion-protected and retained in prod only', () => {
    expect(pool(prod)).toMatchObject({ DeletionPolicy: 'Retain', Properties: { DeletionProtection: 'ACTIVE' } });
    expect(pool(dev)).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtection: 'INACTIVE' } });
  });
});

describe('the portal user pool', () => {
  const pool = (template: Template) => resourceIn(template, devApp.data.portalUserPool);
  const client = (template: Template) => resourceIn(template, devApp.data.portalUserPoolClient);

  it('lets no one sign themselves up', () => {
    expect(pool(dev).Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
  });

  it('signs in by username (the external user id) and stores no e-mail address or phone number', () => {
    const properties = pool(dev).Properties;

    expect(properties.UsernameAttributes).toBeUndefined();
    expect(properties.AliasAttributes).toBeUndefined();
    expect(properties.AutoVerifiedAttributes).toBeUndefined();
    expect(properties.UsernameConfiguration).toEqual({ CaseSensitive: false });
    // The only attribute declared is the tenant: e-mail and phone are neither required nor verified.
    expect((properties.Schema as { Name: string }[]).map((attribute) => attribute.Name)).toEqual(['accountId']);
  });

  it('holds the tenant as an immutable custom:accountId attribute of 1 to 64 characters', () => {
    expect(pool(dev).Properties.Schema).toEqual([
      {
        Name: 'accountId',
        AttributeDataType: 'String',
        Mutable: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
      },
    ]);
  });

  it('offers no account recovery and no second factor: the e-mailed code is the only factor', () => {
    expect(pool(dev).Properties).toMatchObject({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
      MfaConfiguration: 'OFF',
    });
    expect(pool(dev).Properties.EnabledMfas).toBeUndefined();
  });

  it('keeps a strong password policy, though its client allows no password sign-in', () => {
    expect(pool(dev).Properties.Policies).toMatchObject({
      PasswordPolicy: {
        MinimumLength: 12,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
      },
    });
  });

  it('is on the Essentials plan, without threat protection, which could only audit custom authentication', () => {
    expect(pool(dev).Properties.UserPoolTier).toBe('ESSENTIALS');
    expect(pool(dev).Properties.UserPoolAddOns).toBeUndefined();
  });

  it('runs the Define, Create and Verify auth-challenge triggers and PostAuthentication, and no other trigger', () => {
    expect(pool(dev).Properties.LambdaConfig).toEqual({
      DefineAuthChallenge: { 'Fn::GetAtt': [logicalIdIn(portal.defineAuthChallenge.fn), 'Arn'] },
      CreateAuthChallenge: { 'Fn::GetAtt': [logicalIdIn(portal.createAuthChallenge.fn), 'Arn'] },
      VerifyAuthChallengeResponse: { 'Fn::GetAtt': [logicalIdIn(portal.verifyAuthChallengeResponse.fn), 'Arn'] },
      PostAuthentication: { 'Fn::GetAtt': [logicalIdIn(portal.postAuthentication.fn), 'Arn'] },
    });
  });

  it('lets only this pool invoke its triggers', () => {
    const poolId = logicalIdIn(devApp.data.portalUserPool);
    for (const trigger of triggers()) {
      const permissions = Object.values(
        dev.findResources('AWS::Lambda::Permission', {
          Properties: { FunctionName: { 'Fn::GetAtt': [logicalIdIn(trigger.fn), 'Arn'] } },
        }),
      );

      expect(permissions.map((permission) => permission.Properties)).toEqual([
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          Principal: 'cognito-idp.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
        }),
      ]);
    }
  });

  it('has a client with a secret (so only the API answers its sessions) that allows only the custom flow, with no OAuth', () => {
    expect(client(dev).Properties).toMatchObject({ GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: false });
    // CDK always adds refresh; no password, SRP or USER_AUTH flow is there to try guesses against.
    expect(client(dev).Properties.ExplicitAuthFlows).toEqual(['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client(dev).Properties.AllowedOAuthFlows).toBeUndefined();
  });

  it('has an impersonation client of 30-minute tokens, with a secret and only the custom flow (decision 0006)', () => {
    const impersonation = resourceIn(dev, devApp.data.portalImpersonationClient).Properties;
    expect(impersonation).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: false,
      IdTokenValidity: 30,
      AccessTokenValidity: 30,
      PreventUserExistenceErrors: 'ENABLED',
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes' },
    });
    expect(impersonation.ExplicitAuthFlows).toEqual(['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('reveals nothing about which users exist and can revoke tokens', () => {
    expect(client(dev).Properties).toMatchObject({
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('ends a sign-in session, and with it the e-mailed code, after 10 minutes', () => {
    expect(client(dev).Properties.AuthSessionValidity).toBe(10);
    // The lifetime the code module works with (and the e-mail states) is the session's.
    expect(codeLifetimeMinutes).toBe(10);
  });

  it('issues ID and access tokens for 24 hours, and refresh tokens for no longer', () => {
    expect(client(dev).Properties).toMatchObject({
      IdTokenValidity: 24 * 60,
      AccessTokenValidity: 24 * 60,
      RefreshTokenValidity: 24 * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('lets the client read custom:accountId, which the API takes from the ID token, and write nothing', () => {
    expect(client(dev).Properties.ReadAttributes).toEqual(['custom:accountId']);
    // Present and empty: Cognito treats a missing list as "every standard attribute".
    expect(client(dev).Properties.WriteAttributes).toEqual([]);
  });

  it('is deletion-protected and retained in prod only', () => {
    expect(pool(prod)).toMatchObject({ DeletionPolicy: 'Retain', Properties: { DeletionProtection: 'ACTIVE' } });
    expect(pool(dev)).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtection: 'INACTIVE' } });
  });
});

describe('the portal sign-in triggers', () => {
  const functionOf = (trigger: FieldPassFunction) => resourceIn(dev, trigger.fn);
  const variablesOf = (trigger: FieldPassFunction) =>
    (functionOf(trigger).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const statementsOf = (trigger: FieldPassFunction) => policyStatementsOf(dev, logicalIdIn(trigger.fn));

  it('run the handler modules functions/routes.ts names for them', () => {
    for (const [name, entry] of Object.entries(portalAuthTriggerEntries)) {
      const trigger = portal[name as keyof typeof portalAuthTriggerEntries];
      expect(functionOf(trigger).Properties.Description).toMatch(/^Portal sign-in: /);
      expect((trigger.role.node.defaultChild as CfnRole).description).toBe(`Execution role of ${entry}`);
    }
  });

  it("give up after Cognito's five seconds, on Node.js 24 on arm64 with tracing", () => {
    for (const trigger of triggers()) {
      expect(functionOf(trigger).Properties).toMatchObject({
        Timeout: 5,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('log to their own log groups, kept a month outside prod and a year, retained, in prod', () => {
    for (const [template, days, policy] of [
      [dev, 30, 'Delete'],
      [prod, 365, 'Retain'],
    ] as const) {
      for (const trigger of triggers()) {
        const fn = resourceIn(template, trigger.fn);
        const groupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        const group = (template.toJSON().Resources as Record<string, DataResource>)[groupId];

        expect(groupId).toBe(logicalIdIn(trigger.logGroup));
        expect(group).toMatchObject({ DeletionPolicy: policy, Properties: { RetentionInDays: days } });
      }
    }
  });

  it('give Define neither the table nor e-mail: it only reads the session Cognito passes it', () => {
    const actions = actionsOf(statementsOf(portal.defineAuthChallenge));

    expect(actions.filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'))).toEqual([]);
    expect(variablesOf(portal.defineAuthChallenge).TABLE_NAME).toBeUndefined();
    expect(variablesOf(portal.defineAuthChallenge).SENDER_EMAIL).toBeUndefined();
  });

  it('let Create read and write items, and know the table and the sender', () => {
    const actions = actionsOf(statementsOf(portal.createAuthChallenge));

    expect(actions).toEqual(expect.arrayContaining([...itemReadActions, ...itemWriteActions]));
    expect(variablesOf(portal.createAuthChallenge)).toMatchObject({
      TABLE_NAME: { Ref: logicalIdIn(devApp.data.table) },
      SENDER_EMAIL: devApp.config.senderEmail,
    });
  });

  it('let Create send e-mail only from the configured sender, through its address or domain identity, in the configuration set', () => {
    const ses = statementsOf(portal.createAuthChallenge).filter((s) =>
      actionsOf([s]).some((action) => action.startsWith('ses:')),
    );

    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toBe('ses:SendEmail');
    const resources = JSON.stringify(ses[0]?.Resource);
    expect(resources).toContain(`:identity/${devApp.config.senderEmail}"`);
    expect(resources).toContain(`:identity/${devApp.config.senderEmail.split('@')[1]}"`);
    expect(resources).toContain(':configuration-set/fieldpass-dev"');
    expect(ses[0]?.Resource).toHaveLength(3);
    expect(ses[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': devApp.config.senderEmail } });
  });

  it('let Verify only read items, and know the table but no sender', () => {
    const actions = actionsOf(statementsOf(portal.verifyAuthChallengeResponse));

    expect(actions).toEqual(expect.arrayContaining([...itemReadActions]));
    expect(actions.filter((action) => (itemWriteActions as readonly string[]).includes(action))).toEqual([]);
    expect(actions.filter((action) => action.startsWith('ses:'))).toEqual([]);
    expect(variablesOf(portal.verifyAuthChallengeResponse).TABLE_NAME).toEqual({ Ref: logicalIdIn(devApp.data.table) });
    expect(variablesOf(portal.verifyAuthChallengeResponse).SENDER_EMAIL).toBeUndefined();
  });

  it('let PostAuthentication only update items, and know the table but no sender', () => {
    const statements = statementsOf(portal.postAuthentication);

    expect(actionsOf(statements).filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:UpdateItem']);
    expect(JSON.stringify(statements.map((statement) => statement.Resource))).not.toContain('/index/');
    expect(variablesOf(portal.postAuthentication).TABLE_NAME).toEqual({ Ref: logicalIdIn(devApp.data.table) });
    expect(variablesOf(portal.postAuthentication).SENDER_EMAIL).toBeUndefined();
  });

  it('may never Scan the table, call Cognito, or query an index not named in the table definition', () => {
    for (const trigger of triggers()) {
      const statements = statementsOf(trigger);
      const actions = actionsOf(statements);

      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.filter((action) => action.startsWith('cognito-idp:'))).toEqual([]);
      expect(JSON.stringify(statements.map((statement) => statement.Resource))).not.toContain('/index/*');
    }
  });
});

describe('the stateful stack outputs', () => {
  it('names the table, the bucket, the user pool and its client', () => {
    for (const name of ['TableName', 'AttachmentsBucketName', 'StaffUserPoolId', 'StaffUserPoolClientId']) {
      dev.hasOutput(name, {});
    }
  });

  it('names the portal user pool and its client', () => {
    dev.hasOutput('PortalUserPoolId', { Value: { Ref: logicalIdIn(devApp.data.portalUserPool) } });
    dev.hasOutput('PortalUserPoolClientId', { Value: { Ref: logicalIdIn(devApp.data.portalUserPoolClient) } });
  });
});
