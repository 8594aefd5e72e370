import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, decide } from '../../functions/staff/permissions/access';
import { api, invite, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

interface Member {
  token: string;
  user: { id: string; role: Caller['role']; permissions: Caller['permissions'] };
}
interface Stored {
  id: string;
  ownerIds: string[];
  confidential: boolean;
  status: string;
  archived: boolean;
}
async function grant(t: Tenant, m: Member, permissions: object | undefined): Promise<Member> {
  if (!permissions) return m;
  const current = await api(`/users/${m.user.id}`, { token: t.token });
  const res = await send('PATCH', `/users/${m.user.id}`, t.token, { version: current.body.version, permissions });
  if (res.status !== 200) throw new Error(`permissions: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...m, user: res.body };
}

async function listAll(path: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api(`${path}${sep}limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.cursor;
    if (!cursor) break;
  }
  return ids;
}

const planning = (extra: object = {}) => ({ planning: { access: true, ...extra } });

/**
 * Users with different Planning permissions (including specific and confidential project grants
 * that name projects of both classes, owned ones and archived ones) and sixteen projects: each
 * user's paged list must hold exactly the projects the permission model lets them see, each once.
 */
describe('project lists against the permission model', () => {
  let t: Tenant;
  let users: Member[];
  const projects: Stored[] = [];
  const statuses = ['active', 'on_hold', 'completed'];

  beforeAll(async () => {
    t = await newAccountWithAdmin('project-lists');
    const admin: Member = { token: t.token, user: { ...t.admin, permissions: {} } };
    const labels = ['adminrole', 'none', 'plain', 'padmin', 'owned', 'ownedseeall', 'specific', 'ownedspecific'];
    const more = ['seeconf', 'confspecific', 'confall', 'seespecific'];
    const invited = await Promise.all(
      [...labels, ...more].map((label) => invite(t.token, label === 'adminrole' ? 'admin' : 'general', label)),
    );
    const people: Member[] = [admin, ...invited];
    for (let i = 0; i < 16; i++) {
      const owners = [...new Set([people[i % people.length]?.user.id, people[(i * 5 + 2) % people.length]?.user.id])]
        .filter((id): id is string => id !== undefined)
        .slice(0, i % 2 === 0 ? 1 : 2);
      const res = await send('POST', '/projects', t.token, {
        title: `Project ${i}`,
        status: statuses[i % 3],
        ownerIds: owners,
        confidential: i % 4 === 1,
      });
      if (res.status !== 201) throw new Error(`seed ${i}: ${res.status} ${JSON.stringify(res.body)}`);
      projects.push(res.body);
    }
    const archived = await send('POST', `/projects/${projects[6]?.id}/archive`, t.token);
    projects[6] = archived.body;
    // Grants name projects of both classes, owned ones and an archived one.
    const ids = (...at: number[]) => at.map((i) => projects[i]?.id as string);
    const settings: (object | undefined)[] = [
      undefined,
      undefined,
      undefined,
      planning(),
      planning({ projectAdmin: true }),
      planning({ edit: 'owned', see: 'owned' }),
      planning({ edit: 'owned', see: 'all' }),
      planning({ edit: ids(0, 1, 2), see: ids(3, 6) }),
      planning({ edit: 'owned', see: ids(4, 5, 8, 9) }),
      planning({ edit: 'owned', see: 'owned', confidential: ids(1, 2, 5) }),
      planning({ edit: ids(3), see: ids(10, 12), confidential: ids(13) }),
      planning({ edit: 'owned', see: 'owned', confidential: 'all' }),
      planning({ edit: ids(7), see: ids(7, 11, 14, 15) }),
    ];
    users = await Promise.all(people.map((m, i) => grant(t, m, settings[i])));
  });

  const visibleTo = (m: Member, items: Stored[]) =>
    items
      .filter(
        (p) =>
          decide({ role: m.user.role, userId: m.user.id, permissions: m.user.permissions }, 'see', {
            type: 'project',
            id: p.id,
            ownerIds: p.ownerIds,
            confidential: p.confidential,
          }).allowed,
      )
      .map((p) => p.id)
      .sort();

  it('lists exactly the current projects the model lets each user see, each once', async () => {
    for (const m of users) {
      const listed = await listAll('/projects', m.token);
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(
          m,
          projects.filter((p) => !p.archived),
        ),
      });
    }
  });

  it('lists exactly the current projects of one status the model lets each user see', async () => {
    for (const m of users) {
      const listed = await listAll('/projects?status=on_hold', m.token);
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(
          m,
          projects.filter((p) => !p.archived && p.status === 'on_hold'),
        ),
      });
    }
  });

  it('lists exactly the archived projects the model lets each user see', async () => {
    for (const m of users) {
      const listed = await listAll('/projects?archived=true', m.token);
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(
          m,
          projects.filter((p) => p.archived),
        ),
      });
    }
  });

  it('answers every visible project to GET and hides every other one (404)', async () => {
    for (const m of users.slice(0, 6)) {
      const visible = new Set(visibleTo(m, projects));
      const answers = await Promise.all(projects.map((p) => api(`/projects/${p.id}`, { token: m.token })));
      expect(answers.map((a) => a.status)).toEqual(projects.map((p) => (visible.has(p.id) ? 200 : 404)));
    }
  });
});
