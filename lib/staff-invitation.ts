/**
 * Cognito's invitation e-mail to a new staff user. `{username}` and `{####}` are Cognito's
 * placeholders (sign-in name, temporary password). The staff pool construct deploys it and the
 * local Cognito sends the same text through the SES stand-in.
 */
export const staffInvitation = {
  emailSubject: 'Your FieldPass account',
  emailBody:
    'An administrator created a FieldPass account for {username}. Your temporary password is {####}. ' +
    'Sign in within 3 days and choose your own password.',
} as const;
