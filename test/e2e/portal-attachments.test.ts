import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { checklistKeys } from '../../functions/shared/data/keys';
import { daysFromNow } from '../support/dates';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { handToStreamConsumers } from '../support/stream-consumers';
import { drainStreams, ttlRemoval } from '../support/streams';

const png = (size = 64) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};
const jpeg = (size = 64) => {
  const bytes = new Uint8Array(size).fill(7);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};
const pdf = () => new TextEncoder().encode('%PDF-1.7\n% a small document\n');

/**
 * Signature and photo items end to end: the external user asks for an upload URL, puts the file
 * straight into the bucket (s3rver here), confirms it, and the file becomes the item's answer;
 * staff and portal see it through download URLs. Every refusal leaves nothing behind.
 */
describe('portal attachments', () => {
  let t: Tenant;
  let editor: Member;
  const env = inject('localEnv');
  const s3 = new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
  const stored = async (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: env.ATTACHMENTS_BUCKET, Key: key })).then(
      (head) => head.ContentLength,
      () => undefined,
    );

  const sections = [
    {
      title: 'Sign-off',
      items: [
        { label: 'Damage photos', required: true, response: { type: 'photo', maxFiles: 2 } },
        { label: 'Supervisor signature', required: true, response: { type: 'signature' } },
        { label: 'All clear?', response: { type: 'yes_no_na' } },
      ],
    },
  ];

  /** A job with a photo and a signature item, assigned to two signed-in external users. */
  async function setUp() {
    const people = await Promise.all(
      ['ana', 'ben'].map(
        async (name) =>
          (
            await send('POST', '/external-users', t.token, {
              givenName: name,
              familyName: 'Steward',
              email: newEmail(name),
            })
          ).body,
      ),
    );
    const job = await send('POST', '/jobs', editor.token, {
      title: 'Fence inspection',
      dueAt: daysFromNow(180),
      location: { text: 'North fence' },
      ownerIds: [editor.user.id],
      externalUsers: people.map((p) => ({ id: p.id })),
    });
    expect(job.status).toBe(201);
    const made = await send('POST', `/jobs/${job.body.id}/checklists`, editor.token, { title: 'Fence', sections });
    expect(made.status).toBe(201);
    const tokens = await Promise.all(
      people.map(async (p) => {
        const [link] = await linksTo(p.email);
        return (await portalSignIn(link as string, p.email)).idToken;
      }),
    );
    const items = made.body.sections[0].items as { id: string; label: string }[];
    const itemId = (label: string) => items.find((i) => i.label === label)?.id as string;
    const base = (label: string) => `/portal/jobs/${job.body.id}/checklists/${made.body.id}/items/${itemId(label)}`;
    const request = (label: string, file: object, token = tokens[0] as string) =>
      portal('POST', `${base(label)}/attachments`, token, file);
    const confirm = (label: string, id: string, token = tokens[0] as string) =>
      portal('POST', `${base(label)}/attachments/${id}/confirm`, token);
    const remove = (label: string, id: string, token = tokens[0] as string) =>
      portal('DELETE', `${base(label)}/attachments/${id}`, token);
    const objectKey = (label: string, id: string) =>
      checklistKeys.attachmentObject('job', t.account.id, job.body.id, made.body.id, itemId(label), id);
    /** Requests, uploads and confirms one file. */
    const attach = async (label: string, name: string, type: string, bytes: Uint8Array, token = tokens[0]) => {
      const started = await request(label, { fileName: name, contentType: type, size: bytes.length }, token);
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const put = await fetch(started.body.upload.url, {
        method: 'PUT',
        headers: started.body.upload.headers,
        body: bytes,
      });
      expect(put.status).toBe(200);
      return { started, confirmed: await confirm(label, started.body.attachment.id, token) };
    };
    return { people, tokens, job: job.body, checklist: made.body, itemId, request, confirm, remove, attach, objectKey };
  }

  beforeAll(async () => {
    t = await newAccountWithAdmin('attachments');
    editor = await member(t, 'general', 'attacheditor', { jobs: { access: true } });
  });

  it('answers a retried upload request with the attachment it started, and no second pending file', async () => {
    const { request, confirm, job } = await setUp();
    const file = { fileName: 'dent.png', contentType: 'image/png', size: 64, requestId: 'upload-request-1' };
    const started = await request('Damage photos', file);
    expect(started.status).toBe(201);
    const again = await request('Damage photos', file);
    expect(again.status).toBe(201);
    expect(again.body.attachment).toEqual(started.body.attachment);
    expect(again.body.upload.headers).toEqual(started.body.upload.headers);
    // The second of two photos still fits: the retry took no place of its own.
    const other = await request('Damage photos', { ...file, requestId: 'upload-request-2' });
    expect(other.status).toBe(201);
    expect(other.body.attachment.id).not.toBe(started.body.attachment.id);
    const put = await fetch(again.body.upload.url, { method: 'PUT', headers: again.body.upload.headers, body: png() });
    expect(put.status).toBe(200);
    expect((await confirm('Damage photos', started.body.attachment.id)).status).toBe(200);
    const afterConfirm = await request('Damage photos', file);
    expect(afterConfirm.status).toBe(201);
    expect(afterConfirm.body).toEqual({
      attachment: expect.objectContaining({ id: started.body.attachment.id, status: 'confirmed' }),
    });
    expect(job.id).toBeDefined();
  });

  it('uploads photos and a signature through presigned URLs, confirms them into the answer, and shows them to portal and staff', async () => {
    const { job, tokens, attach, confirm } = await setUp();
    const photo = await attach('Damage photos', 'fence 1.jpg', 'image/jpeg', jpeg(300));
    expect(photo.started.body.attachment).toMatchObject({ status: 'pending', size: 300, contentType: 'image/jpeg' });
    expect(photo.started.body.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg' } });
    expect(photo.confirmed.status).toBe(200);
    const id = photo.started.body.attachment.id;
    expect(photo.confirmed.body.attachment).toMatchObject({ id, status: 'confirmed', fileName: 'fence 1.jpg' });
    expect(photo.confirmed.body.answer).toMatchObject({ value: [id], version: 1, answeredBy: { kind: 'external' } });

    const second = await attach('Damage photos', 'report.pdf', 'application/pdf', pdf());
    expect(second.confirmed.body.answer.value).toEqual([id, second.started.body.attachment.id]);
    const signature = await attach('Supervisor signature', 'signature.png', 'image/png', png());
    expect(signature.confirmed.status).toBe(200);

    // A confirm sent again answers the same and changes nothing.
    const again = await confirm('Damage photos', id);
    expect(again.status).toBe(200);
    expect(again.body.answer.version).toBe(2);

    const view = await portal('GET', `/portal/jobs/${job.id}`, tokens[0] as string);
    const mine = view.body.checklists[0];
    expect(mine.progress).toMatchObject({ requiredAnswered: 2, requiredTotal: 2 });
    expect(mine.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual([
      'fence 1.jpg',
      'report.pdf',
      'signature.png',
    ]);
    const shown = mine.attachments.find((a: { id: string }) => a.id === id);
    const download = await fetch(shown.url);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(jpeg(300));

    const staff = await api(`/jobs/${job.id}/checklists`, { token: editor.token });
    expect(staff.body.items[0].attachments).toHaveLength(3);
    expect(staff.body.items[0].progress.requiredAnswered).toBe(2);
  });

  it('refuses a refused type, an oversized or empty file, a bad name, a non-file item and a value for a file item with 400', async () => {
    const { request, tokens, job, checklist, itemId } = await setUp();
    const cases: [string, object, string, string][] = [
      [
        'Damage photos',
        { fileName: 'x.svg', contentType: 'image/svg+xml', size: 10 },
        'body.contentType',
        'must be one of',
      ],
      ['Damage photos', { fileName: 'x.html', contentType: 'text/html', size: 10 }, 'body.contentType', 'image/jpeg'],
      [
        'Supervisor signature',
        { fileName: 's.pdf', contentType: 'application/pdf', size: 10 },
        'body.contentType',
        'image/png',
      ],
      [
        'Damage photos',
        { fileName: 'big.jpg', contentType: 'image/jpeg', size: 20 * 1024 * 1024 + 1 },
        'body.size',
        '20 MB',
      ],
      ['Damage photos', { fileName: 'none.jpg', contentType: 'image/jpeg', size: 0 }, 'body.size', 'at least 1 byte'],
      [
        'Damage photos',
        { fileName: '../etc/passwd', contentType: 'image/jpeg', size: 10 },
        'body.fileName',
        'file name',
      ],
      ['All clear?', { fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 }, 'params.itemId', 'not with files'],
    ];
    for (const [label, file, path, message] of cases) {
      const res = await request(label, file);
      expect(res.status, `${label} ${JSON.stringify(file)}`).toBe(400);
      expect(res.body.error.details[0], path).toMatchObject({ path, message: expect.stringContaining(message) });
    }
    const value = await portal(
      'PUT',
      `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${itemId('Damage photos')}/answer`,
      tokens[0] as string,
      { value: ['made-up'], version: 0, requestId: randomUUID() },
    );
    expect(value.status).toBe(400);
    expect(value.body.error.details[0]).toMatchObject({
      path: 'body.value',
      message: expect.stringContaining('uploading'),
    });
    const unknownItem = await portal(
      'POST',
      `/portal/jobs/${job.id}/checklists/${checklist.id}/items/nosuchitem/attachments`,
      tokens[0] as string,
      { fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 },
    );
    expect(unknownItem.status).toBe(404);
  });

  it('checks the stored file at confirm: missing, the wrong size or bytes that are not its type are refused and the upload deleted', async () => {
    const { request, confirm, objectKey } = await setUp();
    const missing = await request('Damage photos', { fileName: 'a.jpg', contentType: 'image/jpeg', size: 64 });
    expect((await confirm('Damage photos', missing.body.attachment.id)).body.error.code).toBe('UPLOAD_MISSING');

    const upload = async (file: { contentType: string; size: number }, bytes: Uint8Array) => {
      const started = await request('Damage photos', { fileName: 'f', ...file });
      // s3rver checks neither the signed length nor the type (S3 does); the confirm checks the stored file.
      await fetch(started.body.upload.url, { method: 'PUT', headers: started.body.upload.headers, body: bytes });
      return started.body.attachment.id as string;
    };
    const fake = await upload(
      { contentType: 'image/png', size: 40 },
      new TextEncoder().encode('<script>alert(1)</script>'.padEnd(40)),
    );
    const refused = await confirm('Damage photos', fake);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({
      path: 'file',
      message: "the file's content is not image/png",
    });
    expect(await stored(objectKey('Damage photos', fake))).toBeUndefined();
    expect((await confirm('Damage photos', fake)).status).toBe(404);

    const short = await upload({ contentType: 'image/jpeg', size: 100 }, jpeg(50));
    const wrongSize = await confirm('Damage photos', short);
    expect(wrongSize.body.error.details[0].message).toBe('the file has 50 bytes, not the 100 announced');
  });

  it('keeps to the item file limit, counting uploads under way', async () => {
    const { request, attach } = await setUp();
    await attach('Damage photos', 'one.jpg', 'image/jpeg', jpeg());
    const pending = await request('Damage photos', { fileName: 'two.jpg', contentType: 'image/jpeg', size: 64 });
    expect(pending.status).toBe(201);
    const third = await request('Damage photos', { fileName: 'three.jpg', contentType: 'image/jpeg', size: 64 });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: 'ATTACHMENT_LIMIT', details: { maxFiles: 2 } });
    await attach('Supervisor signature', 's.png', 'image/png', png());
    const secondSignature = await request('Supervisor signature', {
      fileName: 's2.png',
      contentType: 'image/png',
      size: 64,
    });
    expect(secondSignature.body.error.code).toBe('ATTACHMENT_LIMIT');
  });

  it('lets only the uploader delete an attachment, which leaves the answer and the bucket', async () => {
    const { tokens, job, attach, remove, objectKey } = await setUp();
    const { started } = await attach('Supervisor signature', 'sig.png', 'image/png', png());
    const id = started.body.attachment.id;
    const other = await remove('Supervisor signature', id, tokens[1]);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('NOT_YOUR_ATTACHMENT');
    expect(await stored(objectKey('Supervisor signature', id))).toBe(64);

    expect((await remove('Supervisor signature', id)).status).toBe(204);
    expect(await stored(objectKey('Supervisor signature', id))).toBeUndefined();
    const view = await portal('GET', `/portal/jobs/${job.id}`, tokens[0] as string);
    expect(view.body.checklists[0].attachments).toEqual([]);
    const answer = view.body.checklists[0].answers.find((a: { value: unknown }) => a.value === null);
    expect(answer).toMatchObject({ version: 2 });
    expect(view.body.checklists[0].progress.requiredAnswered).toBe(0);
    expect((await remove('Supervisor signature', id)).status).toBe(404);
  });

  it('refuses uploads once access is revoked or the job completed, writing nothing', async () => {
    const { people, tokens, job, request, attach } = await setUp();
    await attach('Damage photos', 'one.jpg', 'image/jpeg', jpeg());
    const current = (await api(`/jobs/${job.id}`, { token: editor.token })).body;
    expect(
      (await send('PATCH', `/jobs/${job.id}`, editor.token, { version: current.version, status: 'completed' })).status,
    ).toBe(200);
    const done = await request('Damage photos', { fileName: 'two.jpg', contentType: 'image/jpeg', size: 64 });
    expect(done.status).toBe(409);
    expect(done.body.error).toMatchObject({ code: 'ITEM_READ_ONLY', message: 'Job completed' });

    const fresh = await setUp();
    expect(
      (await send('POST', `/jobs/${fresh.job.id}/assignments/${fresh.people[0].id}/revoke`, editor.token, {})).status,
    ).toBe(200);
    const revoked = await fresh.request('Damage photos', { fileName: 'a.jpg', contentType: 'image/jpeg', size: 64 });
    expect(revoked.status).toBe(403);
    expect(revoked.body.error.code).toBe('ACCESS_REVOKED');
    const staff = await api(`/jobs/${fresh.job.id}/checklists`, { token: editor.token });
    expect(staff.body.items[0].attachments).toEqual([]);
    expect(people).toHaveLength(2);
    expect(tokens).toHaveLength(2);
  });

  it('records attachments added and removed in the audit trail, and deletes the file of an upload never confirmed', async () => {
    const { job, attach, remove, request, objectKey, checklist, itemId } = await setUp();
    const { started } = await attach('Damage photos', 'kept.jpg', 'image/jpeg', jpeg());
    const gone = await attach('Damage photos', 'gone.jpg', 'image/jpeg', jpeg());
    await remove('Damage photos', gone.started.body.attachment.id);
    await drainStreams();
    const trail = await api(`/jobs/${job.id}/audit?limit=50`, { token: editor.token });
    const actions = trail.body.items
      .filter((e: { action: string }) => e.action.startsWith('attachment_'))
      .map((e: { action: string; details: { fileName: string } }) => `${e.action} ${e.details.fileName}`);
    expect(actions).toEqual(['attachment_removed gone.jpg', 'attachment_added gone.jpg', 'attachment_added kept.jpg']);
    expect(started.body.attachment.id).toBeTruthy();

    // DynamoDB's TTL removes a pending attachment a day later; the stream consumer deletes its file.
    const abandoned = await request('Damage photos', { fileName: 'later.jpg', contentType: 'image/jpeg', size: 64 });
    const id = abandoned.body.attachment.id;
    await fetch(abandoned.body.upload.url, { method: 'PUT', headers: abandoned.body.upload.headers, body: jpeg() });
    expect(await stored(objectKey('Damage photos', id))).toBe(64);
    const key = checklistKeys.checklistAttachment(
      'job',
      t.account.id,
      job.id,
      checklist.id,
      itemId('Damage photos'),
      id,
    );
    const expiry = ttlRemoval(key, { ...key, ...abandoned.body.attachment, entity: 'ChecklistAttachment' });
    expect(await handToStreamConsumers({ Records: [expiry, expiry] })).toEqual({ batchItemFailures: [] });
    expect(await stored(objectKey('Damage photos', id))).toBeUndefined();
  });
});
