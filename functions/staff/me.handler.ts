import { httpHandler, ok } from '#shared/http';
import { getMe } from './staff.contract';
import { readMeWithPermissions } from './staff-service';

export const handler = httpHandler(getMe, async ({ caller }) => ok(await readMeWithPermissions(caller)));
