import { feedHandler, lowerCaseHeaders, odataJson, serviceRoot } from './feed-http';
import { feedActorOf, presentedKey } from './feed-service';
import { feedEntitySets } from './odata-model';

export const handler = feedHandler('GET /odata', async (event) => {
  await feedActorOf(presentedKey(lowerCaseHeaders(event.headers), event.queryStringParameters ?? {}), new Date());
  const root = serviceRoot(event);
  return odataJson({
    '@odata.context': `${root}/$metadata`,
    value: Object.keys(feedEntitySets).map((name) => ({ name, kind: 'EntitySet', url: name })),
  });
});
