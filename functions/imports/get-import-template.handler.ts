import { httpHandler } from '#shared/http';
import { importTemplate as route } from './import.contract';
import { csvTemplate, xlsxTemplate } from './import-template-file';

export const handler = httpHandler(route, async ({ params, query }) => ({
  status: 200,
  file: query.format === 'xlsx' ? xlsxTemplate(params.kind) : csvTemplate(params.kind),
}));
