import { created, httpHandler } from '#shared/http';
import { createChecklistTemplate as route } from './checklist-template.contract';
import { createChecklistTemplate } from './checklist-template-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  created(await createChecklistTemplate(caller, params.categoryId, body)),
);
