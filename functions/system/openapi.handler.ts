import { httpHandler, ok } from '#shared/http';
import { buildOpenApiDocument } from '#shared/openapi';
import { routes } from '../routes';
import { getOpenApi } from './system.contract';

const document = buildOpenApiDocument(routes.map((route) => route.contract));

export const handler = httpHandler(getOpenApi, async () => ok(document));
