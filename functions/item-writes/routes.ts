import type { RouteBinding } from '#shared/routing';
import { createIncident, deleteIncident, updateIncident } from '../work/incidents/incident.contract';
import { createJob, deleteJob, updateJob } from '../work/jobs/job.contract';

/** The HTTP routes of functions/item-writes/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: createJob, entry: 'functions/item-writes/create-job.handler.ts' },
  { contract: updateJob, entry: 'functions/item-writes/update-job.handler.ts' },
  { contract: deleteJob, entry: 'functions/item-writes/delete-job.handler.ts' },
  { contract: createIncident, entry: 'functions/item-writes/create-incident.handler.ts' },
  { contract: updateIncident, entry: 'functions/item-writes/update-incident.handler.ts' },
  { contract: deleteIncident, entry: 'functions/item-writes/delete-incident.handler.ts' },
];
