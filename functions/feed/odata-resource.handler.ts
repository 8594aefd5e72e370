import { NotFoundError } from '#shared/errors';
import { feedHandler, lowerCaseHeaders } from './feed-http';
import { feedActorOf, presentedKey } from './feed-service';
import { metadataXml } from './odata-model';

// `GET /odata/{resource}`: `$metadata`, and a 404 for a name that is no entity set (each set has a
// route of its own, which API Gateway matches before this one).
export const handler = feedHandler('GET /odata/{resource}', async (event) => {
  await feedActorOf(presentedKey(lowerCaseHeaders(event.headers), event.queryStringParameters ?? {}), new Date());
  const resource = event.pathParameters?.resource ?? '';
  if (resource === '$metadata') return { status: 200, body: metadataXml(), contentType: 'application/xml' };
  throw new NotFoundError(`No entity set ${resource.slice(0, 64)}`);
});
