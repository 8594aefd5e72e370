import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffSide } from '../support/client-portal';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/*
 * GET /portal/assignments (issue 20's home): the signed-in person's own active assignments across
 * jobs and incidents, a page at a time, for any external user (client access or not); never a
 * revoked assignment, an archived item or someone else's.
 */

let t: Tenant;
let staff: ReturnType<typeof staffSide>;
let person: { id: string; email: string; version: number };
let idToken: string;
const ids: Record<string, string> = {};
/** A whole hour `days` from now: the items stay open and due ahead whenever the test runs. */
const ahead = (days: number) =>
  new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + days * 86_400_000).toISOString();
const firstDue = ahead(120);
const secondDue = ahead(121);

beforeAll(async () => {
  t = await newAccountWithAdmin('myassignments');
  staff = staffSide(t);
  person = await staff.externalUser('assignee');
  const other = await staff.externalUser('other');
  const assign = async (path: string, externalUserId = person.id) =>
    expect((await send('POST', `${path}/assignments`, t.token, { id: externalUserId })).status).toBe(201);
  const first = await staff.job({ title: 'First job', dueAt: firstDue });
  const second = await staff.job({ title: 'Second job', dueAt: secondDue });
  const revoked = await staff.job({ title: 'Revoked job' });
  const archived = await staff.job({ title: 'Archived job' });
  const incident = await staff.incident({ title: 'Assigned incident', raisedAt: ahead(-1) });
  const notMine = await staff.job({ title: 'Not mine' });
  ids.first = first.id;
  ids.second = second.id;
  ids.incident = incident.id;
  await assign(`/jobs/${first.id}`);
  await assign(`/jobs/${second.id}`);
  await assign(`/jobs/${revoked.id}`);
  await assign(`/jobs/${archived.id}`);
  await assign(`/incidents/${incident.id}`);
  await assign(`/jobs/${notMine.id}`, other.id);
  expect((await send('POST', `/jobs/${revoked.id}/assignments/${person.id}/revoke`, t.token, {})).status).toBe(200);
  const current = (await api(`/jobs/${archived.id}`, { token: t.token })).body;
  expect((await send('POST', `/jobs/${archived.id}/archive`, t.token, { version: current.version })).status).toBe(200);
  const [token] = await linksTo(person.email);
  if (!token) throw new Error('no link e-mailed');
  idToken = (await portalSignIn(token, person.email)).idToken;
});

/** Every page of my assignments, `limit` at a time. */
async function allMine(limit: number) {
  const items: { type: string; id: string; title: string }[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const res = await portal('GET', `/portal/assignments?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, idToken);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.cursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

describe('my assignments', () => {
  it('lists my active assignments across jobs and incidents with their titles and dates, for a person without client access', async () => {
    const res = await portal('GET', '/portal/assignments', idToken);
    expect(res.status).toBe(200);
    expect(res.body.cursor).toBeUndefined();
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { type: 'job', id: ids.first, title: 'First job', status: 'open', dueAt: firstDue },
        { type: 'job', id: ids.second, title: 'Second job', status: 'open', dueAt: secondDue },
        expect.objectContaining({ type: 'incident', id: ids.incident, title: 'Assigned incident' }),
      ]),
    );
    // Never a revoked assignment, an archived item or another person's.
    expect(res.body.items).toHaveLength(3);
  });

  it('pages: one at a time gives the same three, each once', async () => {
    const paged = await allMine(1);
    expect(paged.map((i) => i.id).sort()).toEqual([ids.first, ids.second, ids.incident].sort());
  });

  it('answers 400 naming the field for a bad limit or cursor', async () => {
    const res = await portal('GET', '/portal/assignments?limit=0', idToken);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('query.limit');
    expect((await portal('GET', '/portal/assignments?cursor=made-up', idToken)).status).toBe(400);
  });

  it('refuses a staff token (401), and a disabled person on the next request (403 ACCESS_REVOKED)', async () => {
    expect((await api('/portal/assignments', { token: t.token })).status).toBe(401);
    const { version } = (await api(`/external-users/${person.id}`, { token: t.token })).body;
    expect((await send('POST', `/external-users/${person.id}/disable`, t.token, { version })).status).toBe(200);
    const res = await portal('GET', '/portal/assignments', idToken);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACCESS_REVOKED');
  });
});

describe("my assignments' checklist progress", () => {
  it("answers each item's required checklist items and how many are answered, and reading the list notes no view of the item", async () => {
    const checker = await staff.externalUser('checker');
    const job = await staff.job({ title: 'Checked job', dueAt: ahead(100) });
    expect((await send('POST', `/jobs/${job.id}/assignments`, t.token, { id: checker.id })).status).toBe(201);
    const made = await send('POST', `/jobs/${job.id}/checklists`, t.token, {
      title: 'Gate',
      sections: [
        {
          title: 'Checks',
          items: [
            { label: 'Gate locked', required: true, response: { type: 'yes_no_na' } },
            { label: 'Lights on', required: true, response: { type: 'yes_no_na' } },
            { label: 'Notes', response: { type: 'text' } },
          ],
        },
      ],
    });
    expect(made.status).toBe(201);
    const [token] = await linksTo(checker.email);
    if (!token) throw new Error('no link e-mailed');
    const checkerToken = (await portalSignIn(token, checker.email)).idToken;
    const progressOf = async () =>
      (await portal('GET', '/portal/assignments', checkerToken)).body.items.find((i: { id: string }) => i.id === job.id)
        ?.progress;
    // The stream consumer counts a checklist's required items shortly after it is written.
    await expect.poll(progressOf, { timeout: 15_000 }).toEqual({ requiredAnswered: 0, requiredTotal: 2 });
    const itemId = made.body.sections[0].items[0].id;
    const saved = await portal(
      'PUT',
      `/portal/jobs/${job.id}/checklists/${made.body.id}/items/${itemId}/answer`,
      checkerToken,
      { value: 'yes', version: 0, requestId: randomUUID() },
    );
    expect(saved.status).toBe(200);
    await expect.poll(progressOf, { timeout: 15_000 }).toEqual({ requiredAnswered: 1, requiredTotal: 2 });
    // The list is not the item: the item's trail has the answer and no view.
    await drainStreams();
    const trail = await api(`/jobs/${job.id}/audit`, { token: t.token });
    expect(trail.status).toBe(200);
    const actions = trail.body.items.map((entry: { action: string }) => entry.action);
    expect(actions).toContain('answer_saved');
    expect(actions).not.toContain('item_viewed');
  });
});
