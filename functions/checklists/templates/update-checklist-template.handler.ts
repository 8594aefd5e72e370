import { httpHandler, ok } from '#shared/http';
import { updateChecklistTemplate as route } from './checklist-template.contract';
import { updateChecklistTemplate } from './checklist-template-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateChecklistTemplate(caller, params.categoryId, params.templateId, body)),
);
