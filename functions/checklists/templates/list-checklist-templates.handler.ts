import { httpHandler, ok } from '#shared/http';
import { listChecklistTemplates as route } from './checklist-template.contract';
import { listChecklistTemplates } from './checklist-template-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await listChecklistTemplates(caller, params.categoryId)),
);
