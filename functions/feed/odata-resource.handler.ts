import { NotFoundError } from '#shared/errors';
import { feedHandler, lowerCaseHeaders, odataJson, serviceRoot } from './feed-http';
import { entitySetPage, feedActorOf, presentedKey } from './feed-service';
import { feedEntitySets, metadataXml } from './odata-model';
import { feedQueryOf } from './odata-query';

export const handler = feedHandler('GET /odata/{resource}', async (event) => {
  const query = event.queryStringParameters ?? {};
  const actor = await feedActorOf(presentedKey(lowerCaseHeaders(event.headers), query), new Date());
  const resource = event.pathParameters?.resource ?? '';
  if (resource === '$metadata') return { status: 200, body: metadataXml(), contentType: 'application/xml' };
  const set = Object.hasOwn(feedEntitySets, resource) ? feedEntitySets[resource] : undefined;
  if (!set) throw new NotFoundError(`No entity set ${resource.slice(0, 64)}`);
  const root = serviceRoot(event);
  const feedQuery = feedQueryOf(set, query);
  const page = await entitySetPage(actor, set, feedQuery);
  const next = page.next && {
    ...(query.$select !== undefined ? { $select: query.$select } : {}),
    ...(query.$filter !== undefined ? { $filter: query.$filter } : {}),
    ...(page.next.top !== undefined ? { $top: String(page.next.top) } : {}),
    $skiptoken: page.next.skiptoken,
  };
  return odataJson({
    '@odata.context': `${root}/$metadata#${set.name}${feedQuery.select ? `(${feedQuery.select.join(',')})` : ''}`,
    ...(page.count !== undefined ? { '@odata.count': page.count } : {}),
    value: page.rows,
    // The key is never in a next link: the client sends it again as it sent the first (Power BI's
    // credential adds it to every request of the source).
    ...(next ? { '@odata.nextLink': `${root}/${set.name}?${new URLSearchParams(next).toString()}` } : {}),
  });
});
