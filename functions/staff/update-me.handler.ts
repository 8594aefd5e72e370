import { httpHandler, ok } from '#shared/http';
import { updateMyName } from './staff-service';
import { updateMe } from './staff.contract';

export const handler = httpHandler(updateMe, async ({ caller, body }) => ok(await updateMyName(caller, body)));
