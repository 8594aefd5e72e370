import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { staffInvitation } from '../staff-invitation';

/** Props of {@link StaffUserPool}. */
export interface StaffUserPoolProps {
  /** SES-verified address that invitations and recovery codes come from. */
  readonly senderEmail: string;
  /**
   * The SES configuration set Cognito's own e-mails (invitations, codes) go out in, so they count
   * in its reputation metrics and alarms like every e-mail FieldPass sends. Cognito cannot tag a
   * message with its recipient, so their bounces mark no one (docs/operations.md).
   * @default none
   */
  readonly configurationSetName?: string;
  /**
   * Production: deletion protection, RETAIN, and threat protection that blocks risky sign-ins
   * instead of only recording them.
   * @default false
   */
  readonly production?: boolean;
}

/**
 * The staff user pool and the client the staff web app signs in with.
 *
 * Tenancy: each user carries `custom:accountId`, set once by the administrator who creates the
 * user and immutable afterwards. The client may not write it either, so no one can move
 * themselves into another account; the API reads it from the verified ID token.
 */
export class StaffUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id);
    const production = props.production ?? false;

    this.userPool = new cognito.UserPool(this, 'Pool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      // Staff accounts are created by an account's administrators, never by strangers.
      selfSignUpEnabled: false,
      autoVerify: { email: true },
      // An e-mail change counts only once the new address is verified, so a hijacked session
      // cannot redirect recovery codes to an address nobody has proven to own.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        accountId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        // Needs the Essentials or Plus plan: a reset cannot go back to one of the last five.
        passwordHistorySize: 5,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // TOTP for those who enable it; see the acknowledgement in the stack for why not required.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus: compromised-credential checks and adaptive authentication for password sign-ins,
      // at a few cents per staff user a month. Outside production risky sign-ins are recorded,
      // not blocked, so testers on odd networks are not locked out.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: production
        ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
        : cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      // Cognito's built-in sender allows a handful of mails a day; SES is the production path.
      email: cognito.UserPoolEmail.withSES({
        fromEmail: props.senderEmail,
        fromName: 'FieldPass',
        sesRegion: Stack.of(this).region,
        ...(props.configurationSetName ? { configurationSetName: props.configurationSetName } : {}),
      }),
      userInvitation: staffInvitation,
      userVerification: {
        emailSubject: 'Confirm your FieldPass e-mail address',
        emailBody: 'Your FieldPass confirmation code is {####}. It expires in 24 hours.',
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.client = this.userPool.addClient('WebClient', {
      // A browser cannot keep a secret.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // Sign-in happens through the API flows above; no hosted UI, so no OAuth flows to leave open.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
        .withCustomAttributes('accountId'),
      // Deliberately without custom:accountId (and without e-mail, which FieldPass's records own).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ givenName: true, familyName: true }),
    });
  }
}
