import { httpHandler, ok } from '#shared/http';
import { readMe } from './staff-service';
import { getMe } from './staff.contract';

export const handler = httpHandler(getMe, async ({ caller }) => ok(await readMe(caller)));
