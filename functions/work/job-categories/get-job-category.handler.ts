import { httpHandler, ok } from '#shared/http';
import { getJobCategory as route } from './job-category.contract';
import { getJobCategory } from './job-category-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getJobCategory(caller, params.categoryId)),
);
