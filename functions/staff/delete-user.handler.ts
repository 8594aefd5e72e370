import { httpHandler, noContent } from '#shared/http';
import { deleteUser as route } from './staff.contract';
import { deleteUser } from './staff-lifecycle';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteUser(caller, params.userId);
  return noContent();
});
