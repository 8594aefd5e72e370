import { created, httpHandler } from '#shared/http';
import { createJobCategory as route } from './job-category.contract';
import { createJobCategory } from './job-category-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createJobCategory(caller, body)));
