import { httpHandler, ok } from '#shared/http';
import { listJobCategories as route } from './job-category.contract';
import { listJobCategories } from './job-category-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listJobCategories(caller, query)));
