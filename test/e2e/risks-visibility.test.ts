import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, decide } from '../../functions/staff/permissions/access';
import { api, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

interface Member {
  token: string;
  user: { id: string; role: Caller['role']; permissions: Caller['permissions'] };
}
interface Stored {
  id: string;
  ownerIds: string[];
  confidential: boolean;
  status?: string;
}
async function listAll(path: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api(`${path}${sep}limit=4${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.cursor;
    if (!cursor) break;
  }
  return ids;
}

const risk = (extra: object = {}) => ({ access: true, ...extra });

/**
 * Several users with different Risk and Risk Assessments permissions, twenty risks and twenty
 * assessments with owners, statuses and the confidential flag spread over them: each user's paged
 * list must hold exactly the items the permission model lets them see, each once.
 */
describe('risk and assessment lists against the permission model', () => {
  let t: Tenant;
  let users: Member[];
  const risks: Stored[] = [];
  const assessments: Stored[] = [];
  const statuses = ['draft', 'open', 'closed'];

  beforeAll(async () => {
    t = await newAccountWithAdmin('risk-lists');
    const admin: Member = { token: t.token, user: { ...t.admin, permissions: {} } };
    users = [
      admin,
      ...(await Promise.all([
        member(t, 'admin', 'adminrole'),
        member(t, 'general', 'none'),
        member(t, 'general', 'riskdefault', { risk: risk() }),
        member(t, 'general', 'riskeditall', { risk: risk({ edit: 'all' }) }),
        member(t, 'general', 'riskseeowned', { risk: risk({ see: 'owned' }) }),
        member(t, 'general', 'riskmanager', { risk: risk({ riskManager: true }) }),
        member(t, 'general', 'raseeowned', { riskAssessments: risk({ see: 'owned' }) }),
        member(t, 'general', 'raconfidential', { riskAssessments: risk({ see: 'owned', confidential: true }) }),
        member(t, 'general', 'raeverything', {
          risk: risk({ riskManager: true }),
          riskAssessments: risk({ edit: 'all', confidential: true }),
        }),
      ])),
    ];
    const seeder = users[users.length - 1] as Member;
    for (let i = 0; i < 20; i++) {
      // Owners cycle over the users so each has some items, alone or with another owner.
      const owners = [...new Set([users[i % users.length]?.user.id, users[(i * 3 + 1) % users.length]?.user.id])]
        .filter((id): id is string => id !== undefined)
        .slice(0, i % 2 === 0 ? 1 : 2);
      const confidential = i % 4 === 2;
      const [r, a] = await Promise.all([
        send('POST', '/risks', seeder.token, {
          title: `Risk ${i}`,
          kind: ['risk', 'issue', 'opportunity'][i % 3],
          status: statuses[i % 3],
          ownerIds: owners,
          confidential,
        }),
        send('POST', '/risk-assessments', seeder.token, { title: `Assessment ${i}`, ownerIds: owners, confidential }),
      ]);
      if (r.status !== 201 || a.status !== 201) throw new Error(`seed ${i}: ${r.status} ${a.status}`);
      risks.push(r.body);
      assessments.push(a.body);
    }
  });

  const visibleTo = (m: Member, type: 'risk' | 'riskAssessment', items: Stored[]) =>
    items
      .filter(
        (item) =>
          decide({ role: m.user.role, userId: m.user.id, permissions: m.user.permissions }, 'see', {
            type,
            ownerIds: item.ownerIds,
            confidential: item.confidential,
          }).allowed,
      )
      .map((item) => item.id)
      .sort();

  it('lists exactly the risks the model lets each user see, each once', async () => {
    for (const m of users) {
      const listed = await listAll('/risks', m.token);
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(m, 'risk', risks),
      });
    }
  });

  it('lists exactly the risks of one status the model lets each user see', async () => {
    for (const m of users) {
      const listed = await listAll('/risks?status=open', m.token);
      const open = risks.filter((r) => r.status === 'open');
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(m, 'risk', open),
      });
    }
  });

  it('lists exactly the assessments the model lets each user see, each once', async () => {
    for (const m of users) {
      const listed = await listAll('/risk-assessments', m.token);
      expect({ user: m.user.id, listed: [...listed].sort() }).toEqual({
        user: m.user.id,
        listed: visibleTo(m, 'riskAssessment', assessments),
      });
    }
  });

  it('answers GET with 200 for exactly the risks the model lets each user see and 404 for the rest', async () => {
    for (const m of users) {
      const answers = await Promise.all(risks.map((r) => api(`/risks/${r.id}`, { token: m.token })));
      expect(answers.every((a) => a.status === 200 || a.status === 404)).toBe(true);
      const seen = risks.filter((_, n) => answers[n]?.status === 200).map((r) => r.id);
      expect(seen.sort()).toEqual(visibleTo(m, 'risk', risks));
    }
  });

  it('the model lets some users see only part of the items, so the comparison can tell lists apart', () => {
    const riskCounts = users.map((m) => visibleTo(m, 'risk', risks).length);
    const assessmentCounts = users.map((m) => visibleTo(m, 'riskAssessment', assessments).length);
    expect(new Set(riskCounts).size).toBeGreaterThan(2);
    expect(new Set(assessmentCounts).size).toBeGreaterThan(2);
  });
});
