import { httpHandler } from '#shared/http';
import { changePortalJob as route } from './portal.contract';
import { refuseItemChange } from './refused-changes';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  refuseItemChange(caller, 'job', params.jobId, body),
);
