import * as z from 'zod/mini';
import { component, defineRoute } from '#shared/contract';

export const healthSchema = component('Health', z.object({ status: z.literal('ok') }));

export const getHealth = defineRoute({
  method: 'GET',
  path: '/health',
  auth: 'none',
  operationId: 'getHealth',
  summary: 'Liveness check; needs no sign-in and touches no data',
  tags: ['system'],
  responses: { 200: { description: 'The API is up', schema: healthSchema } },
});

export const getOpenApi = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  auth: 'none',
  operationId: 'getOpenApi',
  summary: 'This OpenAPI 3.1 description',
  tags: ['system'],
  responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
});
