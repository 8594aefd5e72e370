import { defineRoute } from '../../functions/shared/contract';
import { httpHandler, ok } from '../../functions/shared/http';
import { logger } from '../../functions/shared/logger';

let quickLogged: () => void = () => undefined;
const quickHasLogged = new Promise<void>((resolve) => {
  quickLogged = resolve;
});

/**
 * A route function for local runtime tests, built as every FieldPass route is (httpHandler and the
 * shared logger): `…/slow` logs, waits until `…/quick` has logged, then logs again. At error level,
 * which the tests' quiet local stack still prints.
 */
export const handler = httpHandler(
  defineRoute({
    method: 'GET',
    path: '/log/{step}',
    auth: 'none',
    operationId: 'log',
    summary: 'log',
    tags: [],
    responses: {},
  }),
  async ({ event }) => {
    if (event.rawPath.endsWith('/quick')) {
      logger.error('quick: logged');
      quickLogged();
    } else {
      logger.error('slow: started');
      await quickHasLogged;
      logger.error('slow: finished');
    }
    return ok({});
  },
);
