import type { RouteBinding } from '#shared/routing';
import { commitImport, getImport, importTemplate, startImport, validateImport } from './import.contract';

/** The HTTP routes of functions/imports/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: importTemplate, entry: 'functions/imports/get-import-template.handler.ts' },
  { contract: startImport, entry: 'functions/imports/start-import.handler.ts', uses: ['attachments'] },
  { contract: getImport, entry: 'functions/imports/get-import.handler.ts' },
  { contract: validateImport, entry: 'functions/imports/validate-import.handler.ts', uses: ['attachmentLinks'] },
  { contract: commitImport, entry: 'functions/imports/commit-import.handler.ts' },
];
