import type { RouteBinding } from '#shared/routing';
import { startExport } from './export.contract';
import { getExport, listExports } from './get-export.contract';

/** The HTTP routes of functions/exports/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: startExport, entry: 'functions/exports/start-export.handler.ts' },
  { contract: getExport, entry: 'functions/exports/get-export.handler.ts', uses: ['exportLinks'] },
  { contract: listExports, entry: 'functions/exports/list-exports.handler.ts' },
];
