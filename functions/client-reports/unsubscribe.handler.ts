import { httpHandler, ok } from '#shared/http';
import { unsubscribeClientReports } from './unsubscribe.contract';
import { unsubscribe } from './unsubscribe-service';

export const handler = httpHandler(unsubscribeClientReports, async ({ params }) => ok(await unsubscribe(params.token)));
