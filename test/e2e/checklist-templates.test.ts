import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { api, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/**
 * Checklist templates on job categories, as the staff client drives them: managed by whoever may
 * edit categories, copied onto each new job of the category, and added to an existing job on request.
 */
describe('checklist templates', () => {
  let t: Tenant;
  let admin: Member;
  let jobsUser: Member;
  let noJobs: Member;

  const sections = [
    {
      title: 'Arrival',
      items: [
        { label: 'Vest on?', required: true, response: { type: 'yes_no_na' } },
        { label: 'Crowd count', response: { type: 'number', min: 0, unit: 'people' } },
      ],
    },
    {
      title: 'Closing',
      items: [{ label: 'Gates', response: { type: 'multiple_choice', options: ['North', 'South'] } }],
    },
  ];
  const base = (categoryId: string) => `/job-categories/${categoryId}/checklist-templates`;
  const newCategory = async (token = admin.token) => {
    const res = await send('POST', '/job-categories', token, { name: `Category ${randomUUID()}` });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const addTemplate = (categoryId: string, body: object = { title: 'Gate checks', sections }, token = admin.token) =>
    send('POST', base(categoryId), token, body);
  const newJob = (categoryId?: string) =>
    send('POST', '/jobs', admin.token, {
      title: 'Evening event',
      dueAt: daysFromNow(180),
      location: { text: 'Main arena' },
      ownerIds: [admin.user.id],
      ...(categoryId ? { categoryId } : {}),
    });
  const checklistsOf = async (jobId: string) =>
    (await api(`/jobs/${jobId}/checklists`, { token: admin.token })).body.items.map(
      (i: { checklist: unknown }) => i.checklist,
    );

  beforeAll(async () => {
    t = await newAccountWithAdmin('templates');
    admin = await member(t, 'admin', 'templateadmin');
    jobsUser = await member(t, 'general', 'templatejobs', { jobs: { access: true } });
    noJobs = await member(t, 'general', 'templatenojobs');
  });

  it('creates, lists, replaces and deletes a template, with server-assigned ids and versions', async () => {
    const categoryId = await newCategory();
    const made = await addTemplate(categoryId);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ categoryId, title: 'Gate checks', version: 1, createdBy: admin.user.id });
    const [first] = made.body.sections;
    expect(first.id).toEqual(expect.any(String));
    expect(first.items[0]).toMatchObject({ id: expect.any(String), label: 'Vest on?', required: true });

    const listed = await api(base(categoryId), { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([made.body]);

    const edited = made.body.sections.map((s: { items: { label: string }[] }) => ({
      ...s,
      items: s.items.map((i) => (i.label === 'Vest on?' ? { ...i, label: 'Hi-vis vest on?' } : i)),
    }));
    const replaced = await send('PUT', `${base(categoryId)}/${made.body.id}`, admin.token, {
      version: 1,
      title: 'Gate checks v2',
      sections: edited,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ title: 'Gate checks v2', version: 2, updatedBy: admin.user.id });
    expect(replaced.body.sections[0].items[0]).toMatchObject({ id: first.items[0].id, label: 'Hi-vis vest on?' });

    const removed = await send('DELETE', `${base(categoryId)}/${made.body.id}`, admin.token);
    expect(removed.status).toBe(204);
    expect((await api(base(categoryId), { token: admin.token })).body.items).toEqual([]);
    const again = await send('DELETE', `${base(categoryId)}/${made.body.id}`, admin.token);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('answers 409 STALE_VERSION with the current template when replacing from a stale version', async () => {
    const categoryId = await newCategory();
    const made = (await addTemplate(categoryId)).body;
    const path = `${base(categoryId)}/${made.id}`;
    expect((await send('PUT', path, admin.token, { version: 1, title: 'Second', sections })).status).toBe(200);
    const stale = await send('PUT', path, admin.token, { version: 1, title: 'Lost update', sections });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    expect(stale.body.error.details.current).toMatchObject({ title: 'Second', version: 2 });
  });

  it('holds at most 10 templates per category: the 11th answers 409, and deleting one makes room', async () => {
    const categoryId = await newCategory();
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await addTemplate(categoryId, { title: `T${i}`, sections }));
    expect(made.map((r) => r.status)).toEqual(Array(10).fill(201));
    const eleventh = await addTemplate(categoryId, { title: 'One too many', sections });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.code).toBe('TEMPLATE_LIMIT_REACHED');
    expect((await api(base(categoryId), { token: admin.token })).body.items).toHaveLength(10);
    expect((await send('DELETE', `${base(categoryId)}/${made[0]?.body.id}`, admin.token)).status).toBe(204);
    expect((await addTemplate(categoryId, { title: 'Now it fits', sections })).status).toBe(201);
  });

  it('refuses every template route with 403 to a user who may not edit categories, and 404 without Jobs access', async () => {
    const categoryId = await newCategory();
    const made = (await addTemplate(categoryId)).body;
    const path = `${base(categoryId)}/${made.id}`;
    const attempts = (token: string) => [
      api(base(categoryId), { token }),
      addTemplate(categoryId, { title: 'Mine', sections }, token),
      send('PUT', path, token, { version: 1, title: 'Mine', sections }),
      send('DELETE', path, token),
    ];
    const forbidden = await Promise.all(attempts(jobsUser.token));
    expect(forbidden.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(forbidden[0]?.body.error.code).toBe('EDIT_DENIED');
    const hidden = await Promise.all(attempts(noJobs.token));
    expect(hidden.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect((await api(base(categoryId), { token: admin.token })).body.items).toEqual([made]);
  });

  it("answers 404 for another account's category and its templates", async () => {
    const other = await newAccountWithAdmin('othertemplates');
    const theirCategory = await newCategory(other.token);
    const theirs = (await addTemplate(theirCategory, { title: 'Theirs', sections }, other.token)).body;
    const path = `${base(theirCategory)}/${theirs.id}`;
    expect((await api(base(theirCategory), { token: admin.token })).status).toBe(404);
    expect((await addTemplate(theirCategory)).status).toBe(404);
    expect((await send('PUT', path, admin.token, { version: 1, title: 'Stolen', sections })).status).toBe(404);
    expect((await send('DELETE', path, admin.token)).status).toBe(404);
    expect((await api(base(theirCategory), { token: other.token })).body.items).toEqual([theirs]);
  });

  it('answers 400 naming the field for a bad response type, no sections and too long labels, 404 for unknown ids', async () => {
    const categoryId = await newCategory();
    const bad: [object, string][] = [
      [
        { title: 'x', sections: [{ title: 's', items: [{ label: 'q', response: { type: 'colour' } }] }] },
        'body.sections.0.items.0.response.type',
      ],
      [{ title: 'x', sections: [] }, 'body.sections'],
      [
        { title: 'x', sections: [{ title: 's', items: [{ label: 'q'.repeat(301), response: { type: 'text' } }] }] },
        'body.sections.0.items.0.label',
      ],
      [{ title: 't'.repeat(201), sections }, 'body.title'],
      [{ title: 'x', audience: { all: true }, sections }, 'body'],
    ];
    for (const [body, path] of bad) {
      const res = await addTemplate(categoryId, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
    }
    const made = (await addTemplate(categoryId)).body;
    const badPut = await send('PUT', `${base(categoryId)}/${made.id}`, admin.token, {
      version: 1,
      title: 'x',
      sections: [],
    });
    expect(badPut.status).toBe(400);
    expect(badPut.body.error.details[0].path).toBe('body.sections');
    const unknown = await send('PUT', `${base(categoryId)}/${randomUUID()}`, admin.token, {
      version: 1,
      title: 'x',
      sections,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    expect((await addTemplate(randomUUID())).status).toBe(404);
    expect((await api(base(randomUUID()), { token: admin.token })).status).toBe(404);
    expect((await api(base(categoryId), { token: admin.token })).body.items).toEqual([made]);
  });

  it('gives a new job of the category a copy of each template, which later template edits leave unchanged', async () => {
    const categoryId = await newCategory();
    const first = (await addTemplate(categoryId, { title: 'Arrival checks', sections })).body;
    const second = (await addTemplate(categoryId, { title: 'Closing checks', sections: sections.slice(1) })).body;
    const job = await newJob(categoryId);
    expect(job.status).toBe(201);
    const copies = await checklistsOf(job.body.id);
    expect(copies).toHaveLength(2);
    const copy = copies.find((c: { templateId: string }) => c.templateId === first.id);
    expect(copy).toMatchObject({
      itemType: 'job',
      itemId: job.body.id,
      title: 'Arrival checks',
      audience: { all: true },
      sections: first.sections,
      version: 1,
    });
    expect(copies.map((c: { templateId: string }) => c.templateId).sort()).toEqual([first.id, second.id].sort());

    const edit = await send('PUT', `${base(categoryId)}/${first.id}`, admin.token, {
      version: 1,
      title: 'Arrival checks, revised',
      sections: sections.slice(1),
    });
    expect(edit.status).toBe(200);
    const after = await checklistsOf(job.body.id);
    expect(after.find((c: { id: string }) => c.id === copy.id)).toEqual(copy);
  });

  it('gives a job without a category no checklists, and refuses it a template with 404', async () => {
    const categoryId = await newCategory();
    const template = (await addTemplate(categoryId)).body;
    const job = await newJob();
    expect(await checklistsOf(job.body.id)).toEqual([]);
    const res = await send('POST', `/jobs/${job.body.id}/checklists`, admin.token, { templateId: template.id });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(await checklistsOf(job.body.id)).toEqual([]);
  });

  it("adds one of the category's templates to an existing job on request, for the audience asked", async () => {
    const categoryId = await newCategory();
    const job = await newJob(categoryId);
    const ext = (
      await send('POST', `/jobs/${job.body.id}/assignments`, admin.token, {
        givenName: 'Ada',
        familyName: 'Steward',
        email: `ada-${randomUUID().slice(0, 8)}@example.com`,
      })
    ).body;
    const template = (await addTemplate(categoryId, { title: 'Added later', sections })).body;
    expect(await checklistsOf(job.body.id)).toEqual([]);
    const added = await send('POST', `/jobs/${job.body.id}/checklists`, admin.token, {
      templateId: template.id,
      audience: { externalUserIds: [ext.externalUserId] },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      templateId: template.id,
      title: 'Added later',
      audience: { externalUserIds: [ext.externalUserId] },
      sections: template.sections,
    });
    expect((await checklistsOf(job.body.id)).map((c: { id: string }) => c.id)).toEqual([added.body.id]);
    const allOfThem = await send('POST', `/jobs/${job.body.id}/checklists`, admin.token, { templateId: template.id });
    expect(allOfThem.body.audience).toEqual({ all: true });
  });

  it('refuses a template of another category, or an unknown one, with 404 TEMPLATE_NOT_FOUND, and a mixed body with 400', async () => {
    const [mine, other] = await Promise.all([newCategory(), newCategory()]);
    const foreign = (await addTemplate(other)).body;
    const job = await newJob(mine);
    for (const templateId of [foreign.id, randomUUID()]) {
      const res = await send('POST', `/jobs/${job.body.id}/checklists`, admin.token, { templateId });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    }
    const mixed = await send('POST', `/jobs/${job.body.id}/checklists`, admin.token, {
      templateId: foreign.id,
      title: 'Both at once',
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.details[0]).toMatchObject({ path: 'body', code: 'unrecognized_keys' });
    expect(mixed.body.error.details[0].message).toContain('title');
    const badId = await send('POST', `/jobs/${job.body.id}/checklists`, admin.token, { templateId: 'not valid!' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('body.templateId');
    expect(await checklistsOf(job.body.id)).toEqual([]);
  });
});
