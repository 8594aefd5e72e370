import type { RouteBinding } from '#shared/routing';
import { routes as assignmentsRoutes } from './assignments/routes';
import { routes as auditRoutes } from './audit/routes';
import { routes as checklistsRoutes } from './checklists/routes';
import { routes as clientReportsRoutes } from './client-reports/routes';
import { clientPortalRoutes } from './clients/client-portal-routes';
import { routes as clientsRoutes } from './clients/routes';
import { routes as customersRoutes } from './customers/routes';
import { routes as deliverabilityRoutes } from './deliverability/routes';
import { routes as exportsRoutes } from './exports/routes';
import { routes as externalUsersRoutes } from './external-users/routes';
import { routes as feedRoutes } from './feed/routes';
import { routes as impersonationRoutes } from './impersonation/routes';
import { routes as importsRoutes } from './imports/routes';
import { routes as itemWritesRoutes } from './item-writes/routes';
import { routes as linksRoutes } from './links/routes';
import { routes as portalRoutes } from './portal/routes';
import { routes as portalSignInRoutes } from './portal-sign-in/routes';
import { routes as reportsRoutes } from './reports/routes';
import { routes as staffRoutes } from './staff/routes';
import { routes as systemRoutes } from './system/routes';
import { routes as termsRoutes } from './terms/routes';
import { routes as workRoutes } from './work/routes';

export type { RouteBinding } from '#shared/routing';

/**
 * Every HTTP route of FieldPass: each capability lists its own (`functions/<capability>/routes.ts`)
 * and this file only joins them. The CDK stack deploys one function per entry behind API Gateway,
 * the local HTTP API runs the same modules, and the OpenAPI document lists them.
 */
export const routes: RouteBinding[] = [
  ...systemRoutes,
  ...staffRoutes,
  ...workRoutes,
  ...itemWritesRoutes,
  ...externalUsersRoutes,
  ...assignmentsRoutes,
  ...linksRoutes,
  ...portalSignInRoutes,
  ...portalRoutes,
  ...termsRoutes,
  ...customersRoutes,
  ...checklistsRoutes,
  ...clientsRoutes,
  ...clientPortalRoutes,
  ...clientReportsRoutes,
  ...impersonationRoutes,
  ...auditRoutes,
  ...reportsRoutes,
  ...exportsRoutes,
  ...feedRoutes,
  ...importsRoutes,
  ...deliverabilityRoutes,
];

/** Serves API Gateway's `$default` route: every request no route above matches. */
export const notFoundEntry = 'functions/system/not-found.handler.ts';

/**
 * The portal pool's triggers: CUSTOM_AUTH (the e-mailed one-time code) and PostAuthentication.
 * They run with TABLE_NAME and SENDER_EMAIL; Create reads and writes the code's send ticket and
 * sends through SES, Verify reads the user's code sends, Define touches nothing, and
 * PostAuthentication notes the sign-in on the code sends (one UpdateItem) for the audit trail.
 */
export const portalAuthTriggerEntries = {
  defineAuthChallenge: 'functions/portal-sign-in/define-auth-challenge.handler.ts',
  createAuthChallenge: 'functions/portal-sign-in/create-auth-challenge.handler.ts',
  verifyAuthChallengeResponse: 'functions/portal-sign-in/verify-auth-challenge-response.handler.ts',
  postAuthentication: 'functions/portal-sign-in/post-authentication.handler.ts',
} as const;

/** The table stream's records consumer: the audit trail, the feed log, background work handed to the worker. */
export const recordsConsumerEntry = 'functions/streams/records-consumer.handler.ts';

/** The table stream's reactions consumer: e-mails, owner names, access, derived rows, clean-up. */
export const reactionsConsumerEntry = 'functions/streams/reactions-consumer.handler.ts';

/** SES's bounce, complaint and delivery events (an EventBridge rule; locally the SES stand-in's mailbox simulator). */
export const sesEventsEntry = 'functions/deliverability/ses-events.handler.ts';

/** The background worker (exports, imports), fed by its SQS queue (the records consumer sends it each step). */
export const workerEntry = 'functions/workers/worker.handler.ts';

/** The hourly run of client report e-mails (an EventBridge rule in CDK; the local clock under `npm start`). */
export const clientReportsEntry = 'functions/client-reports/send-client-reports.handler.ts';
