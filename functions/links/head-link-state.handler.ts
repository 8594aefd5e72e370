import { httpHandler } from '#shared/http';
import { headLinkState } from './link.contract';

// Every well-formed token gets 200 from GET, whatever its state, so HEAD can answer as GET
// would without reading anything: a scanner's probe costs nothing and changes nothing (R9).
export const handler = httpHandler(headLinkState, async () => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
}));
