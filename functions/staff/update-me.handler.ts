import { httpHandler, ok } from '#shared/http';
import { updateMe } from './staff.contract';
import { updateMyName } from './staff-service';

export const handler = httpHandler(updateMe, async ({ caller, body }) => ok(await updateMyName(caller, body)));
