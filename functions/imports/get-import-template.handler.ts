import type { Context } from 'aws-lambda';
import { type HttpEvent, httpHandler, ok } from '#shared/http';
import { importTemplate as route } from './import.contract';
import { csvTemplate, type TemplateFile, xlsxTemplate } from './import-template-file';

const json = httpHandler(route, async ({ params, query }) =>
  ok(query.format === 'xlsx' ? xlsxTemplate(params.kind) : csvTemplate(params.kind)),
);

/**
 * The template as a download: the pipeline answers it as JSON (validation and errors as every
 * route), and this turns a 200 into the file itself, so the shared pipeline, in every bundle,
 * carries no file answers for this one route.
 */
export const handler = async (event: HttpEvent, context: Context) => {
  const response = await json(event, context);
  if (response.statusCode !== 200) return response;
  const file = JSON.parse(response.body ?? '{}') as TemplateFile;
  return {
    ...response,
    headers: {
      ...response.headers,
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.name}"`,
    },
    body: file.content,
    isBase64Encoded: file.base64 === true,
  };
};
