import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../functions/imports/import-file';
import { importKinds, templateColumns } from '../../functions/imports/import-template';
import { csvTemplate, xlsxTemplate } from '../../functions/imports/import-template-file';

describe('import template files', () => {
  it.each(importKinds)('serves the %s CSV template as its header row with a byte order mark and CRLF', (kind) => {
    expect(csvTemplate(kind).content).toBe(`\uFEFF${templateColumns[kind].join(',')}\r\n`);
  });

  it.each(importKinds)(
    'serves an XLSX %s template with the columns of the template (run `npm run import-templates` after changing them)',
    async (kind) => {
      const file = xlsxTemplate(kind);
      const read = await readXlsx(new Uint8Array(Buffer.from(file.content, 'base64')));
      expect(read).toEqual({ ok: true, header: [...templateColumns[kind]], rows: [] });
    },
  );
});
