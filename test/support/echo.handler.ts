import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/** A handler for local HTTP API tests: answers with the event it was given. */
export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(event),
});
