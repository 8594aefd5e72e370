import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/shared/data/keys';
import { buildTestApp, onlyValue } from './support';

const dev = Template.fromStack(buildTestApp({ stage: 'dev' }).data);
const prod = Template.fromStack(buildTestApp({ stage: 'prod' }).data);

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

  it('has exactly the indexes of the shared table definition, each projecting whole items', () => {
    const expected = tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    expect(table(dev).Properties.GlobalSecondaryIndexes).toEqual(expected);
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

describe('the attachments bucket', () => {
  const attachments = () =>
    onlyValue(dev.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }));

  it('blocks every kind of public access, on both buckets', () => {
    const buckets = Object.values(dev.findResources('AWS::S3::Bucket'));

    expect(buckets).toHaveLength(2);
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

  it('allows cross-origin presigned requests from the configured portal origin only', () => {
    const template = Template.fromStack(buildTestApp({ portalUrl: 'https://portal.fieldpass.test/app?x=1' }).data);
    const bucket = onlyValue(
      template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }),
    );
    const rules = (bucket.Properties.CorsConfiguration as { CorsRules: { AllowedOrigins: string[] }[] }).CorsRules;

    expect(rules.flatMap((rule) => rule.AllowedOrigins)).toEqual(['https://portal.fieldpass.test']);
  });
});

describe('the staff user pool', () => {
  it('signs staff in by e-mail and lets no one sign themselves up', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
    });
  });

  it('holds the tenant as an immutable custom:accountId attribute', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'accountId', AttributeDataType: 'String', Mutable: false })]),
    });
  });

  it('gives the client no way to write custom:accountId, so no one can move into another tenant', () => {
    const client = onlyValue(dev.findResources('AWS::Cognito::UserPoolClient'));
    const writable = client.Properties.WriteAttributes as string[] | undefined;

    // Cognito treats a missing list as "every writable attribute", so the list must be present.
    expect(writable).toBeDefined();
    expect(writable).not.toContain('custom:accountId');
  });

  it('lets the client read custom:accountId, which the API takes from the ID token', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ReadAttributes: Match.arrayWith(['custom:accountId']),
    });
  });

  it('has a public client with password and SRP sign-in, no OAuth, and no user-existence leaks', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('issues one-hour ID and access tokens and thirty-day refresh tokens', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30 * 24 * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('requires a strong password and recovers accounts by e-mail only', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('offers TOTP as an optional second factor and never SMS', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('blocks risky sign-ins in prod and only records them elsewhere', () => {
    prod.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
    });
  });

  it('sends its e-mails through SES from the configured sender', () => {
    const template = Template.fromStack(buildTestApp({ senderEmail: 'staff-mail@fieldpass.test' }).data);

    template.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'FieldPass <staff-mail@fieldpass.test>',
      }),
    });
  });

  it('is deletion-protected and retained in prod only', () => {
    prod.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    dev.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
    });
  });
});

describe('the stateful stack outputs', () => {
  it('names the table, the bucket, the user pool and its client', () => {
    for (const name of ['TableName', 'AttachmentsBucketName', 'StaffUserPoolId', 'StaffUserPoolClientId']) {
      dev.hasOutput(name, {});
    }
  });
});
