import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * Input a client may send that the store cannot take is a 400 naming the field, never a 500:
 * numbers DynamoDB cannot hold (smaller than 1e-130, larger than 2^53 − 1), versions with no
 * next one, and list cursors that were edited.
 */
describe('bad input answers 400 naming the field', () => {
  let t: Tenant;
  const largest = Number.MAX_SAFE_INTEGER;
  const location = { text: 'Gate C' };

  /** Expects a 400 whose details name `path` (and say `message`, when given). */
  const refused = (res: { status: number; body: { error: { details?: unknown } } }, path: string, message = '') => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]),
    );
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('badinput');
  });

  describe('numbers', () => {
    let answer: (label: string, value: unknown, extra?: object) => ReturnType<typeof portal>;

    beforeAll(async () => {
      const ext = (
        await send('POST', '/external-users', t.token, {
          givenName: 'Num',
          familyName: 'Steward',
          email: newEmail('num'),
        })
      ).body;
      const job = await send('POST', '/jobs', t.token, {
        title: 'Counts',
        dueAt: daysFromNow(30),
        location,
        ownerIds: [t.admin.id],
        externalUsers: [{ id: ext.id }],
      });
      const made = await send('POST', `/jobs/${job.body.id}/checklists`, t.token, {
        title: 'Counts',
        sections: [
          {
            title: 'Counts',
            items: [
              { label: 'Reading', response: { type: 'number' } },
              { label: 'Vest on?', response: { type: 'yes_no_na' } },
            ],
          },
        ],
      });
      expect(made.status).toBe(201);
      const [link] = await linksTo(ext.email);
      const { idToken } = await portalSignIn(link as string, ext.email);
      const items = made.body.sections[0].items as { id: string; label: string }[];
      answer = (label, value, extra = {}) =>
        portal(
          'PUT',
          `/portal/jobs/${job.body.id}/checklists/${made.body.id}/items/${items.find((i) => i.label === label)?.id}/answer`,
          idToken,
          { value, version: 0, requestId: randomUUID(), ...extra },
        );
    });

    it.each([
      [1e300, 'must be between'],
      [-(2 ** 53), 'must be between'],
      [5e-324, 'must be 0 or at least 1e-130'],
      [-9e-131, 'must be 0 or at least 1e-130'],
    ])('refuses the number answer %s, which DynamoDB cannot store', async (value, message) => {
      refused(await answer('Reading', value), 'body.value', message);
    });

    it('stores number answers at the edges of what DynamoDB holds', async () => {
      let version = 0;
      for (const value of [1e-130, -1e-130, largest, -largest, 0]) {
        const saved = await answer('Reading', value, { version });
        expect(saved.status, String(value)).toBe(200);
        expect(saved.body.value).toBe(value);
        version = saved.body.version;
      }
    });

    it('refuses a GPS position too small for DynamoDB', async () => {
      refused(await answer('Vest on?', 'yes', { gps: { lat: 5e-324, lng: 0 } }), 'body.gps.lat', '1e-130');
      refused(await answer('Vest on?', 'yes', { gps: { lat: 0, lng: 1, accuracy: 1e-200 } }), 'body.gps.accuracy');
    });

    it('refuses an answer version with no next version', async () => {
      refused(await answer('Vest on?', 'yes', { version: largest }), 'body.version');
    });

    it('refuses a job or incident location too small for DynamoDB', async () => {
      const job = await send('POST', '/jobs', t.token, {
        title: 'Tiny',
        dueAt: daysFromNow(3),
        location: { text: 'Gate', lat: 5e-324, lng: 0 },
        ownerIds: [t.admin.id],
      });
      refused(job, 'body.location.lat', '1e-130');
      const incident = await send('POST', '/incidents', t.token, {
        title: 'Tiny',
        location: { text: 'Gate', lat: 0, lng: -7.4e-323 },
        severity: 'low',
        raisedAt: daysFromNow(-1),
        ownerIds: [t.admin.id],
      });
      refused(incident, 'body.location.lng', '1e-130');
    });

    it('refuses a task group position too small for DynamoDB', async () => {
      const project = await send('POST', '/projects', t.token, { title: 'Build', ownerIds: [t.admin.id] });
      const group = await send('POST', `/projects/${project.body.id}/task-groups`, t.token, {
        name: 'First',
        position: 5e-324,
      });
      refused(group, 'body.position', '1e-130');
    });

    it('refuses a number item whose bounds DynamoDB cannot store, on checklists and templates', async () => {
      const sections = (min: number) => [
        { title: 'Counts', items: [{ label: 'Reading', response: { type: 'number', min, max: 9.9e125 } }] },
      ];
      const category = await send('POST', '/job-categories', t.token, { name: 'Counts' });
      const template = await send('POST', `/job-categories/${category.body.id}/checklist-templates`, t.token, {
        title: 'Counts',
        sections: sections(0),
      });
      refused(template, 'body.sections.0.items.0.response.max', 'must be between');
      const job = await send('POST', '/jobs', t.token, {
        title: 'Counts',
        dueAt: daysFromNow(3),
        location,
        ownerIds: [t.admin.id],
      });
      expect(job.status).toBe(201);
      const checklist = await send('POST', `/jobs/${job.body.id}/checklists`, t.token, {
        title: 'Counts',
        sections: sections(-1e-131),
      });
      refused(checklist, 'body.sections.0.items.0.response.min', '1e-130');
    });

    it('refuses a version with no next version when a change is sent', async () => {
      const category = await send('POST', '/job-categories', t.token, { name: 'Versions' });
      refused(
        await send('PATCH', `/job-categories/${category.body.id}`, t.token, { version: largest, name: 'Renamed' }),
        'body.version',
      );
      refused(
        await send('PATCH', `/users/${t.admin.id}`, t.token, { version: largest, givenName: 'Renamed' }),
        'body.version',
      );
    });
  });

  describe('cursors', () => {
    /** A cursor of `path`'s first page with one key attribute taken out, as a client might edit it. */
    async function edited(path: string) {
      const first = await api(`${path}?limit=1`, { token: t.token });
      expect(first.body.cursor, path).toBeTruthy();
      const key = JSON.parse(Buffer.from(first.body.cursor, 'base64url').toString('utf8'));
      delete key[Object.keys(key)[0] as string];
      return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
    }

    it('answers 400 INVALID_CURSOR naming query.cursor for an edited cursor on an account list and an item trail', async () => {
      for (const name of ['Ann', 'Ben']) {
        await send('POST', '/external-users', t.token, { givenName: name, familyName: 'Cursor', email: newEmail('c') });
      }
      const job = await send('POST', '/jobs', t.token, {
        title: 'Trail',
        dueAt: daysFromNow(3),
        location,
        ownerIds: [t.admin.id],
      });
      expect(job.status).toBe(201);
      await send('PATCH', `/jobs/${job.body.id}`, t.token, { version: job.body.version, title: 'Trail 2' });
      await drainStreams();
      for (const path of ['/external-users', `/jobs/${job.body.id}/audit`]) {
        const res = await api(`${path}?cursor=${await edited(path)}`, { token: t.token });
        expect(res.body.error?.code, path).toBe('INVALID_CURSOR');
        refused(res, 'query.cursor');
      }
    });
  });
});
