import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { portalSignInSettings } from '../portal-sign-in-settings';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';
import { grantSendEmailFrom } from './ses-grants';
import { grantItemRead, grantItemReadWrite, grantItemUpdate } from './table-grants';

/** The handler modules of the pool's triggers, relative to the repository root. */
export interface PortalAuthTriggerEntries {
  /** Decides the next step of a sign-in: one custom challenge, then tokens or failure. */
  readonly defineAuthChallenge: string;
  /** Makes the one-time code and e-mails it. */
  readonly createAuthChallenge: string;
  /** Checks the code the external user typed. */
  readonly verifyAuthChallengeResponse: string;
  /** Notes each sign-in for the audit trail, whichever way the session was answered. */
  readonly postAuthentication: string;
}

/** Props of {@link PortalUserPool}. */
export interface PortalUserPoolProps {
  /** The single table: external users' addresses and the codes' send records live there. */
  readonly table: ITableV2;
  /** SES-verified address the one-time codes come from. */
  readonly senderEmail: string;
  /** The SES configuration set the one-time codes are sent in (bounce and complaint events). */
  readonly configurationSetName: string;
  readonly triggerEntries: PortalAuthTriggerEntries;
  /** Log settings of the trigger functions. */
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /**
   * Production: deletion protection and RETAIN.
   * @default false
   */
  readonly production?: boolean;
}

/**
 * The external users' pool, its CUSTOM_AUTH and PostAuthentication triggers and the client the
 * portal's sign-in routes use. An external user signs in with an e-mailed one-time code and nothing else: the pool has no
 * password flows, no self sign-up and no recovery.
 *
 * The username is the external user's id (a UUID) and the pool stores no e-mail address:
 * FieldPass's table owns the address, and the Create trigger sends the code itself, so an address
 * change never has to be mirrored here. Each user carries an immutable `custom:accountId`, set by
 * the sign-in route that creates the user, which the API reads from the verified ID token.
 */
export class PortalUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The client of staff impersonation sessions (decision 0006): 30-minute tokens, read-only in the API. */
  readonly impersonationClient: cognito.UserPoolClient;
  readonly defineAuthChallenge: FieldPassFunction;
  readonly createAuthChallenge: FieldPassFunction;
  readonly verifyAuthChallengeResponse: FieldPassFunction;
  readonly postAuthentication: FieldPassFunction;

  constructor(scope: Construct, id: string, props: PortalUserPoolProps) {
    super(scope, id);
    const production = props.production ?? false;

    // Cognito waits five seconds for a trigger and then retries it; a longer timeout would only
    // keep a function running after Cognito has given up on it.
    const trigger = (triggerId: string, entry: string, description: string, environment: Record<string, string>) =>
      new FieldPassFunction(this, triggerId, {
        entry,
        description,
        timeout: Duration.seconds(5),
        environment,
        ...props.functionLogs,
      });

    // Define only inspects the session Cognito hands it: no table, no e-mail.
    this.defineAuthChallenge = trigger(
      'DefineAuthChallenge',
      props.triggerEntries.defineAuthChallenge,
      'Portal sign-in: decides the next step of the e-mailed-code challenge',
      {},
    );
    this.createAuthChallenge = trigger(
      'CreateAuthChallenge',
      props.triggerEntries.createAuthChallenge,
      'Portal sign-in: makes the one-time code and e-mails it',
      {
        TABLE_NAME: props.table.tableName,
        SENDER_EMAIL: props.senderEmail,
        SES_CONFIGURATION_SET: props.configurationSetName,
      },
    );
    // Reads the external user's address and records, and writes the code's send record (R5).
    grantItemReadWrite(props.table, this.createAuthChallenge.fn);
    grantSendEmailFrom(this.createAuthChallenge.fn, props.senderEmail, props.configurationSetName);
    this.verifyAuthChallengeResponse = trigger(
      'VerifyAuthChallengeResponse',
      props.triggerEntries.verifyAuthChallengeResponse,
      'Portal sign-in: checks the one-time code',
      { TABLE_NAME: props.table.tableName },
    );
    // The code itself lives in the Cognito session; the table is only read.
    grantItemRead(props.table, this.verifyAuthChallengeResponse.fn);
    // Every sign-in passes here, so here it is recorded (R17): one UpdateItem of the code sends.
    this.postAuthentication = trigger(
      'PostAuthentication',
      props.triggerEntries.postAuthentication,
      'Portal sign-in: records the sign-in for the audit trail',
      { TABLE_NAME: props.table.tableName },
    );
    grantItemUpdate(props.table, this.postAuthentication.fn);

    this.userPool = new cognito.UserPool(this, 'Pool', {
      // The external user's id; a UUID typed in either case is still the same user.
      signInAliases: { username: true },
      signInCaseSensitive: false,
      // External users are added by staff (FieldPass's table) and created here on first sign-in.
      selfSignUpEnabled: false,
      customAttributes: {
        accountId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      // No password is ever set or used: the client allows only CUSTOM_AUTH. The policy is as
      // strong as the staff pool's so that a password, should one ever be set, is no weak spot.
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      // Nothing to recover: a lost code is replaced by asking for a new one.
      accountRecovery: cognito.AccountRecovery.NONE,
      // The e-mailed code is the only factor (R18); see the acknowledgement in the stack.
      mfa: cognito.Mfa.OFF,
      // Essentials: Plus's threat protection can only audit custom authentication, never block
      // it, and has no passwords to check against leaked ones. See the acknowledgement in the stack.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      lambdaTriggers: {
        defineAuthChallenge: this.defineAuthChallenge.fn,
        createAuthChallenge: this.createAuthChallenge.fn,
        verifyAuthChallengeResponse: this.verifyAuthChallengeResponse.fn,
        postAuthentication: this.postAuthentication.fn,
      },
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const tokenValidity = Duration.hours(portalSignInSettings.tokenValidityHours);
    this.client = this.userPool.addClient('PortalClient', {
      // A secret that never leaves AWS: the sign-in routes read it from Cognito
      // (DescribeUserPoolClient) and send SECRET_HASH, so a session they start cannot be answered
      // at Cognito's public RespondToAuthChallenge, nor can anyone start one there with this
      // client's id (every ID token's `aud`). The triggers still trust nothing they are sent (R5).
      generateSecret: true,
      // The e-mailed code only: no password or SRP flow exists to try guesses against.
      authFlows: { custom: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The CUSTOM_AUTH session, and with it the code, expires after 10 minutes (R2).
      authSessionValidity: Duration.minutes(portalSignInSettings.authSessionValidityMinutes),
      idTokenValidity: tokenValidity,
      accessTokenValidity: tokenValidity,
      // The shortest allowed: Cognito requires it to be at least as long as the ID and access
      // tokens. FieldPass never hands the refresh token to the page, and the API measures the 24
      // hours from `auth_time` (R14), so a refresh could not stretch a verification anyway.
      refreshTokenValidity: tokenValidity,
      readAttributes: new cognito.ClientAttributes().withCustomAttributes('accountId'),
      // Nothing: the tenant is immutable and the pool holds no other attribute FieldPass reads.
      writeAttributes: new cognito.ClientAttributes(),
    });

    // A staff user's read-only view as an external user (decision 0006): the impersonation route
    // signs in here with a one-time grant the CUSTOM_AUTH triggers check, never with a code. The
    // API knows these tokens by their `aud` and refuses every write with them.
    const impersonationValidity = Duration.minutes(portalSignInSettings.impersonationTokenValidityMinutes);
    this.impersonationClient = this.userPool.addClient('ImpersonationClient', {
      generateSecret: true,
      authFlows: { custom: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      authSessionValidity: Duration.minutes(3),
      idTokenValidity: impersonationValidity,
      accessTokenValidity: impersonationValidity,
      // Cognito's shortest; the route drops the refresh token, so the session ends with its token.
      refreshTokenValidity: Duration.hours(1),
      readAttributes: new cognito.ClientAttributes().withCustomAttributes('accountId'),
      writeAttributes: new cognito.ClientAttributes(),
    });
  }
}
