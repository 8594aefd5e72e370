import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../functions/exports/export-record';
import { insertExport } from '../../functions/exports/export-repository';
import { daysFromNow } from '../support/dates';
import { api, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/**
 * GET /exports through the local stack: the caller's own exports, newest first, one Query per page
 * of their own partition (EXP-6), each as GET /exports/{id} shows it. A small seed: one job, three
 * exports by the admin, one by a colleague, none in another account.
 */
describe('the list of the caller’s exports', () => {
  let t: Tenant;
  let other: Tenant;
  let colleague: Member;
  let first: string;
  let second: string;
  let theirs: string;

  const start = async (token: string, body: object) => {
    const res = await send('POST', '/exports', token, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body.id as string;
  };

  /** Follows an export until the worker has finished it. */
  const finished = async (token: string, id: string) => {
    for (let tries = 0; tries < 400; tries++) {
      const res = await api(`/exports/${id}`, { token });
      expect(res.status).toBe(200);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error('the export did not finish');
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('exportlist'), newAccountWithAdmin('exportlist-other')]);
    colleague = await member(t, 'user_admin', 'exportlist-colleague');
    const made = await send('POST', '/jobs', t.token, {
      title: 'Listed gate',
      dueAt: daysFromNow(10),
      location: { text: 'Gate' },
      ownerIds: [t.admin.id],
    });
    expect(made.status).toBe(201);
    first = await start(t.token, { report: 'jobs', format: 'csv', query: { columns: 'title' } });
    second = await start(t.token, { report: 'jobs', format: 'xlsx', query: { columns: 'title,status' } });
    theirs = await start(colleague.token, { report: 'jobs', format: 'csv', query: {} });
    await Promise.all([finished(t.token, first), finished(t.token, second), finished(colleague.token, theirs)]);
  }, 180_000);

  it('lists the caller’s exports newest first with status, progress, report, format and created time; the link comes from the export itself', async () => {
    const res = await api('/exports', { token: t.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((e: { id: string }) => e.id)).toEqual([second, first]);
    expect(res.body.cursor).toBeUndefined();
    const [newest, oldest] = res.body.items;
    expect(newest).toMatchObject({
      id: second,
      report: 'jobs',
      format: 'xlsx',
      status: 'done',
      rowsWritten: 1,
      columns: ['title', 'status'],
      expired: false,
      createdAt: expect.any(String),
    });
    expect(oldest).toMatchObject({ id: first, format: 'csv', status: 'done', rowsWritten: 1 });
    // A look at the list is no download: no link, and so no export_downloaded entry.
    expect(oldest.download).toBeUndefined();
    const one = await api(`/exports/${first}`, { token: t.token });
    const file = await fetch(one.body.download.url);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('Listed gate');
  });

  it('never lists another staff user’s export, and answers 404 for theirs, another account’s and an unknown id', async () => {
    const mine = await api('/exports', { token: colleague.token });
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([theirs]);
    const elsewhere = await api('/exports', { token: other.token });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items).toEqual([]);
    expect((await api(`/exports/${theirs}`, { token: t.token })).status).toBe(404);
    expect((await api(`/exports/${first}`, { token: other.token })).status).toBe(404);
    expect((await api(`/exports/${randomUUID()}`, { token: t.token })).status).toBe(404);
  });

  it('pages with a limit and a cursor, and refuses another user’s cursor with 400', async () => {
    const page1 = await api('/exports?limit=1', { token: t.token });
    expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual([second]);
    expect(page1.body.cursor).toEqual(expect.any(String));
    const page2 = await api(`/exports?limit=1&cursor=${page1.body.cursor}`, { token: t.token });
    expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual([first]);
    const foreign = await api(`/exports?limit=1&cursor=${page1.body.cursor}`, { token: colleague.token });
    expect(foreign.status).toBe(400);
  });

  it('answers 400 naming the field for a bad limit, an unknown parameter and a malformed cursor', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['limit=many', 'limit'],
      ['status=done', 'status'],
    ] as const) {
      const res = await api(`/exports?${query}`, { token: t.token });
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body.error), query).toContain(field);
    }
    const cursor = await api('/exports?cursor=not-a-cursor', { token: t.token });
    expect(cursor.status).toBe(400);
  });

  it('marks an export past its retention expired, without a download link, until its TTL deletes it', async () => {
    const createdAt = new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString();
    const old: ExportRecord = {
      entity: 'Export',
      version: 3,
      id: randomUUID(),
      accountId: t.account.id,
      report: 'jobs',
      format: 'csv',
      query: {},
      columns: ['title'],
      requestedBy: colleague.user.id,
      requestedByGroups: [],
      status: 'done',
      rowsWritten: 4,
      chunks: 1,
      segments: 1,
      createdAt,
      updatedAt: createdAt,
      finishedAt: createdAt,
    };
    await insertExport(old);
    const res = await api('/exports', { token: colleague.token });
    expect(res.body.items.map((e: { id: string }) => e.id)).toEqual([theirs, old.id]);
    expect(res.body.items[1]).toMatchObject({ status: 'done', expired: true });
    expect(res.body.items[1].download).toBeUndefined();
    expect(res.body.items[0]).toMatchObject({ expired: false });
    expect((await api(`/exports/${old.id}`, { token: colleague.token })).body.download).toBeUndefined();
    expect((await api(`/exports/${theirs}`, { token: colleague.token })).body).toMatchObject({
      expired: false,
      download: { url: expect.any(String) },
    });
  });
});
