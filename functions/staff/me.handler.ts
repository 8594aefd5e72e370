import { httpHandler, ok } from '#shared/http';
import { getMe } from './staff.contract';
import { readMe } from './staff-service';

export const handler = httpHandler(getMe, async ({ caller }) => ok(await readMe(caller)));
