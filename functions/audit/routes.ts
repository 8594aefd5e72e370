import type { RouteBinding } from '#shared/routing';
import { listExternalActivity, listIncidentAudit, listJobAudit } from './audit.contract';

/** The HTTP routes of functions/audit/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: listJobAudit, entry: 'functions/audit/list-job-audit.handler.ts' },
  { contract: listIncidentAudit, entry: 'functions/audit/list-incident-audit.handler.ts' },
  { contract: listExternalActivity, entry: 'functions/audit/list-external-activity.handler.ts' },
];
