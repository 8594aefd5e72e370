import type { RouteBinding } from '#shared/routing';
import { changePortalIncident, changePortalJob, getPortalIncident, getPortalJob } from './portal.contract';

/** The HTTP routes of functions/portal/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  {
    contract: getPortalJob,
    entry: 'functions/portal/get-portal-job.handler.ts',
    uses: ['attachmentLinks', 'viewRecords'],
  },
  {
    contract: getPortalIncident,
    entry: 'functions/portal/get-portal-incident.handler.ts',
    uses: ['attachmentLinks', 'viewRecords'],
  },
  { contract: changePortalJob, entry: 'functions/portal/change-portal-job.handler.ts' },
  { contract: changePortalIncident, entry: 'functions/portal/change-portal-incident.handler.ts' },
];
