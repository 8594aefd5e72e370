import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, decide } from '../../functions/staff/permissions/access';
import { api, listIds, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

interface Member {
  token: string;
  user: { id: string; role: Caller['role']; permissions: Caller['permissions'] };
}
interface Stored {
  id: string;
  ownerIds: string[];
  privacyStatusId?: string;
}
const listAll = (path: string, token: string) => listIds(path, token, '', 4);

const control = (extra: object = {}) => ({ control: { access: true, incidentsAndLogs: true, ...extra } });

/**
 * Several users with different Control permissions, about twenty incidents and twenty logs with
 * owners and privacy statuses spread over them: each user's paged list must hold exactly the items
 * the permission model lets them see, each once.
 */
describe('incident and log lists against the permission model', () => {
  let t: Tenant;
  let users: Member[];
  const incidents: Stored[] = [];
  const logs: Stored[] = [];

  beforeAll(async () => {
    t = await newAccountWithAdmin('control-lists');
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      privacyStatuses: [{ name: 'Restricted' }, { name: 'Secret' }],
    });
    const [restricted, secret] = settings.body.privacyStatuses.map((p: { id: string }) => p.id as string);
    const admin: Member = { token: t.token, user: { ...t.admin, permissions: {} } };
    users = [
      admin,
      ...(await Promise.all([
        member(t, 'admin', 'adminrole'),
        member(t, 'general', 'none'),
        member(t, 'general', 'controlonly', { control: { access: true } }),
        member(t, 'general', 'editall', control()),
        member(t, 'general', 'editowned', control({ edit: 'owned' })),
        member(t, 'general', 'seeowned', control({ edit: 'owned', see: 'owned' })),
        member(t, 'general', 'restricted', control({ edit: 'owned', see: 'owned', confidential: [restricted] })),
        member(t, 'general', 'everything', control({ confidential: [restricted, secret] })),
      ])),
    ];
    const privacy = [undefined, undefined, restricted, undefined, secret];
    for (let i = 0; i < 20; i++) {
      // Owners cycle over the users so each has some items, alone or with another owner.
      const owners = [...new Set([users[i % users.length]?.user.id, users[(i * 3 + 1) % users.length]?.user.id])]
        .filter((id): id is string => id !== undefined)
        .slice(0, i % 2 === 0 ? 1 : 2);
      const privacyStatusId = privacy[i % privacy.length];
      const extra = privacyStatusId ? { privacyStatusId } : {};
      const day = String(((i * 7) % 28) + 1).padStart(2, '0');
      const [incident, log] = await Promise.all([
        send('POST', '/incidents', t.token, {
          title: `Incident ${i}`,
          location: { text: 'Arena' },
          severity: 'low',
          raisedAt: `2030-05-${day}T10:00:00Z`,
          ownerIds: owners,
          ...extra,
        }),
        send('POST', '/logs', t.token, {
          title: `Log ${i}`,
          occurredAt: `2030-05-${day}T11:00:00Z`,
          ownerIds: owners.slice(0, 1),
          ...extra,
        }),
      ]);
      if (incident.status !== 201 || log.status !== 201) throw new Error(`seed ${i}: ${incident.status} ${log.status}`);
      incidents.push(incident.body);
      logs.push(log.body);
    }
  });

  const visibleTo = (m: Member, type: 'incident' | 'log', items: Stored[]) =>
    items
      .filter(
        (item) =>
          decide({ role: m.user.role, userId: m.user.id, permissions: m.user.permissions }, 'see', {
            type,
            ownerIds: item.ownerIds,
            ...(item.privacyStatusId ? { privacyStatusId: item.privacyStatusId } : {}),
          }).allowed,
      )
      .map((item) => item.id)
      .sort();

  it('lists exactly the incidents the model lets each user see, each once', async () => {
    for (const m of users) {
      const listed = await listAll('/incidents', m.token);
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(m, 'incident', incidents),
      });
    }
  });

  it('lists exactly the logs the model lets each user see, each once', async () => {
    for (const m of users) {
      const listed = await listAll('/logs', m.token);
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(m, 'log', logs),
      });
    }
  });

  it('answers GET with 200 for exactly the incidents the model lets each user see and 404 for the rest', async () => {
    for (const m of users) {
      const visible = new Set(visibleTo(m, 'incident', incidents));
      const statuses = await Promise.all(incidents.map((i) => api(`/incidents/${i.id}`, { token: m.token })));
      const seen = incidents.filter((_, n) => statuses[n]?.status === 200).map((i) => i.id);
      expect(statuses.every((s) => s.status === 200 || s.status === 404)).toBe(true);
      expect(seen.sort()).toEqual([...visible].sort());
    }
  });

  it('the model lets some users see only part of the items, so the comparison can tell lists apart', () => {
    const counts = users.map((m) => visibleTo(m, 'incident', incidents).length);
    expect(new Set(counts).size).toBeGreaterThan(3);
  });
});
