import { httpHandler, ok } from '#shared/http';
import { getHealth } from './system.contract';

export const handler = httpHandler(getHealth, async () => ok({ status: 'ok' }));
