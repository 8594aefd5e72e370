/**
 * How long an external user's browser stays verified after the e-mailed code was accepted
 * (docs/security.md R14): the portal pool's token validity, and the limit every portal request
 * measures from the token's `auth_time`, so a refresh cannot stretch it.
 */
export const portalVerificationHours = 24;

/**
 * An impersonation session (decision 0006) lasts at most this long: the impersonation client's
 * token validity, and the pipeline's own limit from the token's `auth_time`.
 */
export const impersonationMinutes = 30;
