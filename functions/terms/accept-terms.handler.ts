import { httpHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { acceptTerms as route } from './terms.contract';
import { acceptTerms } from './terms-service';

export const handler = httpHandler(
  route,
  async ({ caller, body, event }) =>
    ok(
      await acceptTerms(caller, body.version, {
        ip: event.requestContext.http.sourceIp,
        userAgent: event.requestContext.http.userAgent ?? '',
      }),
    ),
  { portal: portalCaller },
);
