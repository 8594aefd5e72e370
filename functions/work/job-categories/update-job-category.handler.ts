import { httpHandler, ok } from '#shared/http';
import { updateJobCategory as route } from './job-category.contract';
import { updateJobCategory } from './job-category-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateJobCategory(caller, params.categoryId, body)),
);
