import type { RouteContract } from '#shared/contract';
import { getMe, updateMe } from './staff/staff.contract';
import { getHealth, getOpenApi } from './system/system.contract';

/** A route and the handler module that serves it (its `handler` export). */
export interface RouteBinding {
  contract: RouteContract;
  /** Path of the handler module from the repository root. */
  entry: string;
}

/**
 * Every HTTP route of FieldPass. The CDK stack deploys one function per entry behind API
 * Gateway, the local HTTP API runs the same modules, and the OpenAPI document lists them.
 */
export const routes: RouteBinding[] = [
  { contract: getHealth, entry: 'functions/system/health.handler.ts' },
  { contract: getOpenApi, entry: 'functions/system/openapi.handler.ts' },
  { contract: getMe, entry: 'functions/staff/me.handler.ts' },
  { contract: updateMe, entry: 'functions/staff/update-me.handler.ts' },
];

/** Serves API Gateway's `$default` route: every request no route above matches. */
export const notFoundEntry = 'functions/system/not-found.handler.ts';

/** The DynamoDB Streams consumer (audit trail, e-mails, notifications). */
export const streamConsumerEntry = 'functions/streams/stream-consumer.handler.ts';
