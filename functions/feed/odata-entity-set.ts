import { feedHandler, lowerCaseHeaders, odataJson, serviceRoot } from './feed-http';
import { feedActorOf, presentedKey, readEntitySet, type SetReader } from './feed-service';
import type { FeedEntitySet } from './odata-model';
import { feedQueryOf } from './odata-query';

/**
 * The handler of one entity set's route (`GET /odata/Jobs`, …): the key's actor, the query options
 * read, one page of rows with `@odata.nextLink` while more follows. A route function per set
 * bundles only that set's definition and reader (docs/feed.md, "Function size").
 */
export function entitySetHandler(set: FeedEntitySet, reader: SetReader) {
  return feedHandler(`GET /odata/${set.name}`, async (event) => {
    const query = event.queryStringParameters ?? {};
    const actor = await feedActorOf(presentedKey(lowerCaseHeaders(event.headers), query), new Date());
    const root = serviceRoot(event);
    const feedQuery = feedQueryOf(set, query);
    const page = await readEntitySet(actor, set, feedQuery, reader);
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
}
