/**
 * `npm run import-templates`: writes the XLSX import templates (functions/imports/xlsx-templates.ts)
 * with exceljs, one workbook per kind holding the template's header row. The template function
 * serves them as they are: exceljs itself weighs about 1 MB, four times a route function's 250 kB
 * budget, and the templates only change with their columns. test/unit/import-template-files.test.ts
 * fails when one no longer has the columns of functions/imports/import-template.ts.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { importKinds, templateColumns } from '../functions/imports/import-template';

const fixed = new Date('2026-12-06T00:00:00Z');

async function workbookOf(columns: readonly string[], name: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'FieldPass';
  workbook.created = fixed;
  workbook.modified = fixed;
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((header) => ({ header, width: Math.max(14, header.length + 4), style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

const entries = await Promise.all(
  importKinds.map(
    async (kind) =>
      `  ${kind}:\n    '${await workbookOf(templateColumns[kind], kind === 'jobs' ? 'Jobs' : 'Incidents')}',`,
  ),
);
writeFileSync(
  new URL('../functions/imports/xlsx-templates.ts', import.meta.url),
  `// Written by \`npm run import-templates\` (scripts/write-import-templates.ts): the XLSX import templates, in base64.\nexport const xlsxTemplates = {\n${entries.join('\n')}\n} as const;\n`,
);
console.log('functions/imports/xlsx-templates.ts written');
