import { httpHandler, noContent } from '#shared/http';
import { deleteChecklistTemplate as route } from './checklist-template.contract';
import { deleteChecklistTemplate } from './checklist-template-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteChecklistTemplate(caller, params.categoryId, params.templateId);
  return noContent();
});
