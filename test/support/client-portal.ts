import { expect } from 'vitest';
import { codesTo } from './portal-session';
import { type ApiResponse, api, newEmail, send, type Tenant } from './staff-session';

/*
 * Client access as staff give it and a client uses it, through the local stack: customers, sites,
 * external views and roles, a client with a client access, and the client's sign-in without a
 * link (account and address) and read routes.
 */

/** Answers the body of a staff call that must succeed with `status`. */
export async function ok(res: Promise<ApiResponse>, status = 201) {
  const answer = await res;
  if (answer.status !== status)
    throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** An account's staff side for client access: its admin's token. */
export function staffSide(t: Tenant) {
  const token = t.token;
  return {
    customer: (name: string) => ok(send('POST', '/customers', token, { name })) as Promise<{ id: string }>,
    site: (customerId: string, name: string, parentSiteId?: string) =>
      ok(
        send('POST', `/customers/${customerId}/sites`, token, { name, ...(parentSiteId ? { parentSiteId } : {}) }),
      ) as Promise<{ id: string }>,
    jobsView: (name: string, columns: string[], filters?: object) =>
      ok(
        send('POST', '/external-views', token, { name, kind: 'jobs', columns, ...(filters ? { filters } : {}) }),
      ) as Promise<{
        id: string;
      }>,
    calendarView: (name: string, filters?: object) =>
      ok(
        send('POST', '/external-views', token, { name, kind: 'calendar', ...(filters ? { filters } : {}) }),
      ) as Promise<{
        id: string;
      }>,
    role: (name: string, viewIds: string[]) =>
      ok(send('POST', '/external-roles', token, { name, viewIds })) as Promise<{ id: string }>,
    externalUser: (label: string) =>
      ok(
        send('POST', '/external-users', token, { givenName: label, familyName: 'Client', email: newEmail(label) }),
      ) as Promise<{ id: string; email: string; version: number }>,
    /** Adds an access; answers the record (its `version` and `accesses`). */
    grant: (externalUserId: string, access: object, version = 0) =>
      ok(send('POST', `/external-users/${externalUserId}/client-access`, token, { ...access, version })) as Promise<{
        version: number;
        accesses: { id: string }[];
      }>,
    /** Changes one access (e.g. `{ status: 'revoked' }` with its roles and scopes). */
    changeAccess: (externalUserId: string, accessId: string, access: object, version: number) =>
      ok(
        send('PUT', `/external-users/${externalUserId}/client-access/${accessId}`, token, { ...access, version }),
        200,
      ),
    job: (fields: object) =>
      ok(
        send('POST', '/jobs', token, {
          title: 'A job',
          dueAt: '2027-03-10T09:00:00Z',
          location: { text: 'Showroom' },
          ownerIds: [t.admin.id],
          ...fields,
        }),
      ) as Promise<{ id: string; version: number }>,
    incident: (fields: object) =>
      ok(
        send('POST', '/incidents', token, {
          title: 'An incident',
          severity: 'low',
          raisedAt: '2027-03-05T09:00:00Z',
          location: { text: 'Gate' },
          ownerIds: [t.admin.id],
          ...fields,
        }),
      ) as Promise<{ id: string }>,
    log: (fields: object) =>
      ok(
        send('POST', '/logs', token, {
          title: 'A log',
          occurredAt: '2027-03-04T09:00:00Z',
          ownerIds: [t.admin.id],
          ...fields,
        }),
      ) as Promise<{ id: string }>,
  };
}

/** Signs a client in without a link (account and address), reading the code from the inbox; answers the ID token. */
export async function clientSignIn(accountId: string, email: string): Promise<string> {
  const json = (body: object) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const before = (await codesTo(email)).length;
  const asked = await api('/portal/sign-in/code', json({ account: accountId, email }));
  expect(asked.status).toBe(200);
  const code = (await codesTo(email))[before];
  if (!code) throw new Error(`no code e-mailed to ${email}`);
  const verified = await api(
    '/portal/sign-in/verify',
    json({ account: accountId, email, session: asked.body.session, code }),
  );
  expect(verified.status).toBe(200);
  expect(verified.body.item).toBeNull();
  return verified.body.idToken as string;
}

/** A GET of a client route with the client's token. */
export const asClient = (idToken: string, path: string) => api(path, { token: idToken });

/** Every item a paged client route answers, walking the pages `limit` at a time. */
export async function allPages(
  idToken: string,
  path: string,
  limit = 2,
): Promise<{ id: string; [k: string]: unknown }[]> {
  const items: { id: string }[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 500; pages++) {
    const join = path.includes('?') ? '&' : '?';
    const res = await asClient(idToken, `${path}${join}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    cursor = res.body.cursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}
