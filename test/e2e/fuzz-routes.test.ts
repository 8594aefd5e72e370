import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import {
  asText,
  headerValue,
  mangledJson,
  type Operation,
  operationsOf,
  pathSegment,
  tamperedCursor,
  valuesFor,
  wildValue,
  withExtraField,
} from '../support/fuzz-inputs';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, invite, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * Every route of the OpenAPI document, sent generated and mutated input (fast-check) with valid
 * staff and portal tokens against the local stack: any 5xx fails, naming the route and the input.
 * FIELDPASS_FUZZ_RUNS sets the requests per route (by default 8, or 25 when CI is set; about 10 s
 * per 1,000 requests on two cores); FIELDPASS_FUZZ_SEED replays a run (a failure prints its seed);
 * FIELDPASS_FUZZ_REPORT=1 prints what each route answered, to see how deep the inputs reach.
 */
const runs = Number(process.env.FIELDPASS_FUZZ_RUNS ?? (process.env.CI ? 25 : 8));
const seed = process.env.FIELDPASS_FUZZ_SEED ? Number(process.env.FIELDPASS_FUZZ_SEED) : undefined;

type Json = Record<string, unknown>;
const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as Json;

/**
 * Routes that change what the others need (the job, the assignment, the portal user, the terms)
 * run last, so the others reach past their lookups.
 */
function stage(op: Operation): number {
  if (op.method === 'DELETE') return op.path.startsWith('/portal/') ? 2 : 5;
  if (/\/(revoke|disable|promote)$/.test(op.path)) return 4;
  if (/\/(archive|restore|enable)$/.test(op.path)) return 3;
  if (op.method === 'POST' && op.path === '/account/terms') return 3;
  return op.method === 'GET' || op.method === 'HEAD' ? 0 : 1;
}
const operations = operationsOf(doc).sort((a, b) => stage(a) - stage(b));

/** One request as sent, kept printable for the failure report (the token by kind, not by value). */
interface FuzzRequest {
  method: string;
  url: string;
  auth: 'staff' | 'portal' | 'none' | 'garbage';
  headers: Record<string, string>;
  body?: string;
}

describe('every route of the OpenAPI document, fuzzed', () => {
  let t: Tenant;
  let portalToken: string;
  let linkToken: string;
  /** Ids that exist, by path parameter and by body/query field name. */
  const ids: Record<string, string[]> = {};
  /** Per item type, the item with the checklist and the ids a checklist route of that type reaches. */
  const ofType = (): Record<
    'item' | 'checklistId' | 'fileItemId' | 'answerItemId' | 'commentId' | 'attachmentId',
    string[]
  > => ({
    item: [],
    checklistId: [],
    fileItemId: [],
    answerItemId: [],
    commentId: [],
    attachmentId: [],
  });
  const byType = { job: ofType(), incident: ofType() };
  /** A real cursor of each list route (its second page), to tamper with. */
  const cursors: Record<string, string> = {};
  /** Statuses answered, by route. */
  const answered: Record<string, Record<string, number>> = {};
  afterAll(() => {
    if (!process.env.FIELDPASS_FUZZ_REPORT) return;
    for (const [route, counts] of Object.entries(answered)) console.log(route, JSON.stringify(counts));
  });

  const created = async (res: Promise<{ status: number; body: Json }>, what: string) => {
    const answer = await res;
    if (answer.status !== 201 && answer.status !== 200) {
      throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body as Json & { id: string };
  };
  const add = (name: string, ...values: string[]) => {
    ids[name] = [...(ids[name] ?? []), ...values];
  };

  const sections = [
    {
      title: 'Checks',
      items: [
        { label: 'Count', response: { type: 'number' } },
        { label: 'Bounded count', response: { type: 'number', min: -10, max: 1e6, unit: 'm' } },
        { label: 'Notes', response: { type: 'text', maxLength: 50 } },
        { label: 'Exits', response: { type: 'multiple_choice', options: ['North', 'South'] } },
        { label: 'Photos', response: { type: 'photo', maxFiles: 2 } },
        { label: 'Vest on?', response: { type: 'yes_no_na' } },
      ],
    },
  ];

  beforeAll(async () => {
    t = await newAccountWithAdmin('fuzz');
    const staff = t.token;
    const colleague = await invite(staff, 'general', 'fuzzcolleague');
    add('userId', colleague.user.id);
    add('ownerIds', t.admin.id, colleague.user.id);
    add('ownerId', t.admin.id);
    add('defaultOwnerIds', t.admin.id);

    const account = await created(api('/account', { token: staff }), 'account');
    const settings = await created(
      send('PATCH', '/account', staff, {
        version: account.version,
        departments: [{ name: 'Gates' }],
        privacyStatuses: [{ name: 'Medical' }],
      }),
      'account settings',
    );
    const departments = (settings.departments as { id: string }[]).map((d) => d.id);
    const privacy = (settings.privacyStatuses as { id: string }[]).map((p) => p.id);
    add('departmentId', ...departments);
    add('departmentIds', ...departments);
    add('privacyStatusId', ...privacy);

    const ext = await created(
      send('POST', '/external-users', staff, { givenName: 'Fuzz', familyName: 'Steward', email: newEmail('fuzzext') }),
      'external user',
    );
    const ext2 = await created(
      send('POST', '/external-users', staff, { givenName: 'Other', familyName: 'Steward', email: newEmail('fuzzext') }),
      'external user',
    );
    add('externalUserId', ext.id, ext2.id);
    add('defaultExternalUserIds', ext.id);
    add('id', ext.id);

    const location = { text: 'Gate C', lat: 51.5, lng: -0.12 };
    for (const title of ['Gate checks', 'Fence checks']) {
      const job = await created(
        send('POST', '/jobs', staff, {
          title,
          dueAt: daysFromNow(30),
          location,
          ownerIds: [t.admin.id],
          externalUsers: [{ id: ext.id }],
        }),
        'job',
      );
      add('jobId', job.id);
      const incident = await created(
        send('POST', '/incidents', staff, {
          title,
          location,
          severity: 'high',
          raisedAt: daysFromNow(-1),
          ownerIds: [t.admin.id],
          externalUsers: [{ id: ext.id }],
        }),
        'incident',
      );
      add('incidentId', incident.id);
      add(
        'logId',
        (
          await created(
            send('POST', '/logs', staff, { title, occurredAt: daysFromNow(-1), ownerIds: [t.admin.id] }),
            'log',
          )
        ).id,
      );
      add(
        'riskId',
        (await created(send('POST', '/risks', staff, { title, kind: 'risk', ownerIds: [t.admin.id] }), 'risk')).id,
      );
      add(
        'riskAssessmentId',
        (await created(send('POST', '/risk-assessments', staff, { title, ownerIds: [t.admin.id] }), 'assessment')).id,
      );
      add(
        'projectId',
        (await created(send('POST', '/projects', staff, { title, ownerIds: [t.admin.id] }), 'project')).id,
      );
      const category = await created(send('POST', '/job-categories', staff, { name: title }), 'category');
      add('categoryId', category.id);
    }
    const first = (name: string) => ids[name]?.[0] as string;
    const [jobId, incidentId, projectId, categoryId] = [
      first('jobId'),
      first('incidentId'),
      first('projectId'),
      first('categoryId'),
    ];
    for (const name of ['Build', 'Teardown']) {
      add('groupId', (await created(send('POST', `/projects/${projectId}/task-groups`, staff, { name }), 'group')).id);
    }
    add(
      'taskId',
      (await created(send('POST', `/projects/${projectId}/tasks`, staff, { title: 'Fencing' }), 'task')).id,
    );
    for (const title of ['Opening', 'Closing']) {
      add(
        'templateId',
        (
          await created(
            send('POST', `/job-categories/${categoryId}/checklist-templates`, staff, { title, sections }),
            'template',
          )
        ).id,
      );
    }
    for (const text of ['Wear a vest.', 'Wear a vest and a helmet.']) {
      await created(send('POST', '/account/terms', staff, { text }), 'terms');
    }

    const [link] = await linksTo(ext.email as string);
    linkToken = link as string;
    portalToken = (await portalSignIn(linkToken, ext.email as string)).idToken;
    await created(portal('POST', '/portal/terms/acceptance', portalToken, { version: 2 }), 'terms acceptance');

    for (const [type, itemId, base] of [
      ['job', jobId, `/jobs/${jobId}`],
      ['incident', incidentId, `/incidents/${incidentId}`],
    ] as const) {
      const checklist = await created(
        send('POST', `${base}/checklists`, staff, { title: 'Checks', sections }),
        'checklist',
      );
      const items = (checklist.sections as { items: { id: string; label: string }[] }[]).flatMap((s) => s.items);
      const found = byType[type];
      found.item.push(itemId);
      found.checklistId.push(checklist.id);
      for (const item of items) (item.label === 'Photos' ? found.fileItemId : found.answerItemId).push(item.id);
      const itemBase = (label: string) =>
        `/portal${base}/checklists/${checklist.id}/items/${items.find((i) => i.label === label)?.id}`;
      found.commentId.push(
        (
          await created(
            portal('POST', `${itemBase('Notes')}/comments`, portalToken, { text: 'Gate sticks' }),
            'comment',
          )
        ).id,
      );
      const upload = await created(
        portal('POST', `${itemBase('Photos')}/attachments`, portalToken, {
          fileName: 'gate.jpg',
          contentType: 'image/jpeg',
          size: 4,
        }),
        'attachment',
      );
      found.attachmentId.push((upload.attachment as { id: string }).id);
    }

    // Audit trails and the activity view need entries; list routes a second page to tamper with.
    await drainStreams();
    for (const op of operations) {
      if (op.method !== 'GET' || !op.query.some((q) => q.name === 'cursor')) continue;
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => String(knownFor(op)[name]?.[0] ?? 'none'));
      const res = await api(`${path}?limit=1`, { token: op.auth === 'portal' ? portalToken : staff });
      if (typeof res.body?.cursor === 'string') cursors[op.path] = res.body.cursor;
    }
  });

  /**
   * Values that exist or fit, by parameter or field name, for `op`: the fixture's ids (a checklist
   * route gets its own item type's job or incident, checklist and items: files for uploads, the
   * others for answers), answers of each kind, files the portal takes, the versions records have.
   */
  function knownFor(op: Operation): Record<string, readonly unknown[]> {
    const own = byType[/^\/(portal\/)?incidents/.test(op.path) ? 'incident' : 'job'];
    const checklistRoute = op.pathParams.includes('checklistId');
    return {
      ...ids,
      ...(checklistRoute ? { jobId: own.item, incidentId: own.item } : {}),
      checklistId: own.checklistId,
      itemId: op.path.includes('/attachments') ? own.fileItemId : own.answerItemId,
      commentId: own.commentId,
      attachmentId: own.attachmentId,
      value: ['yes', 'na', 'Gate sticks', ['North'], ['North', 'South'], 42, -3.5, 0, 1e-130, 5e-324, 1e300, null],
      fileName: ['gate.jpg', 'report.pdf'],
      contentType: ['image/jpeg', 'image/png', 'application/pdf'],
      size: [4, 1024],
      version: [0, 1, 2, 3],
      currentVersion: [2],
    };
  }

  /** Requests for one operation: real ids and tokens mostly, every part generated or mutated. */
  function requests(op: Operation): fc.Arbitrary<FuzzRequest> {
    const known = knownFor(op);
    // A list's privacy filter also takes `none`: the items without a privacy status.
    const inQuery: Record<string, readonly unknown[]> = {
      ...known,
      privacyStatusId: [...(known.privacyStatusId ?? []), 'none'],
    };
    const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), wildValue.map(asText));
    /** Left out (most of the time, when optional) or present. */
    const sometimes = <T>(arbitrary: fc.Arbitrary<T>, required = false) =>
      required ? arbitrary : fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
    const path = fc
      .tuple(
        ...op.pathParams.map((name) => {
          const values = (known[name] ?? []).map(String);
          return values.length
            ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: anyText })
            : anyText;
        }),
      )
      .map((values) => {
        let i = 0;
        return op.path.replace(/\{\w+\}/g, () => pathSegment(values[i++] as string));
      });
    const query = fc
      .tuple(
        ...op.query.map((q) => {
          const value =
            q.name === 'cursor'
              ? fc.oneof(
                  { weight: 2, arbitrary: tamperedCursor(cursors[op.path]) },
                  { weight: 1, arbitrary: fc.constant(cursors[op.path] ?? '') },
                )
              : fc.oneof(
                  { weight: 10, arbitrary: valuesFor(q.schema, doc, { wild: false }) },
                  ...(inQuery[q.name]?.length
                    ? [{ weight: 10, arbitrary: fc.constantFrom(...(inQuery[q.name] ?? [])) }]
                    : []),
                  { weight: 1, arbitrary: wildValue },
                  { weight: 1, arbitrary: anyText },
                );
          return sometimes(
            value.map((v) => [q.name, asText(v)] as const),
            q.required,
          );
        }),
        fc.oneof(
          { weight: 9, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.tuple(fc.constantFrom('extra', 'limit', 'cursor'), anyText) },
        ),
      )
      .map(([...pairs]) => {
        const params = new URLSearchParams();
        for (const pair of pairs) if (pair) params.append(pair[0], pair[1]);
        const text = params.toString();
        return text ? `?${text}` : '';
      });
    const headers = fc
      .tuple(
        fc.oneof(
          { weight: 18, arbitrary: fc.constant(op.auth === 'portal' ? ('portal' as const) : ('staff' as const)) },
          { weight: 1, arbitrary: fc.constant(op.auth === 'portal' ? ('staff' as const) : ('portal' as const)) },
          { weight: 1, arbitrary: fc.constantFrom('none' as const, 'garbage' as const) },
        ),
        ...op.headers.map((h) =>
          fc
            .oneof(
              { weight: 3, arbitrary: fc.constant(h.name === 'x-link-token' ? linkToken : '') },
              { weight: 1, arbitrary: anyText },
            )
            .map((v) => [h.name, headerValue(v)] as const),
        ),
      )
      .map(([auth, ...pairs]) => ({ auth, headers: Object.fromEntries(pairs.filter(([, v]) => v !== '')) }));
    const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) ?? 'null' });
    const body: fc.Arbitrary<{ type?: string; text?: string }> = op.body
      ? fc.oneof(
          { weight: 5, arbitrary: valuesFor(op.body, doc, { wild: false, known }).map(json) },
          { weight: 3, arbitrary: valuesFor(op.body, doc, { wild: true, known }).map(json) },
          { weight: 1, arbitrary: valuesFor(op.body, doc, { wild: false, known }).chain(withExtraField).map(json) },
          {
            weight: 1,
            arbitrary: valuesFor(op.body, doc, { wild: false, known })
              .chain((value) => mangledJson(JSON.stringify(value) ?? ''))
              .map((text) => ({ type: 'application/json', text })),
          },
          {
            weight: 1,
            arbitrary: fc
              .tuple(
                fc.constantFrom(
                  'text/plain',
                  'application/x-www-form-urlencoded',
                  'application/jsonx',
                  'application/json; charset=latin1',
                ),
                valuesFor(op.body, doc, { wild: false, known }),
              )
              .map(([type, value]) => ({ type, text: JSON.stringify(value) })),
          },
          { weight: 1, arbitrary: fc.constant({}) },
        )
      : fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: wildValue.map(json) });
    return fc.tuple(path, query, headers, body).map(([p, q, h, b]) => ({
      method: op.method,
      url: `${p}${q}`,
      auth: h.auth,
      headers: { ...h.headers, ...(b.type ? { 'content-type': b.type } : {}) },
      ...(b.text !== undefined && op.method !== 'GET' && op.method !== 'HEAD' ? { body: b.text } : {}),
    }));
  }

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    'answers %s without a 5xx, whatever the input',
    async (_, op) => {
      await fc.assert(
        fc.asyncProperty(requests(op), async (request) => {
          const token = { staff: t.token, portal: portalToken, garbage: 'e30.e30.e30', none: undefined }[request.auth];
          const res = await api(request.url, {
            method: request.method,
            headers: { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
            ...(request.body !== undefined ? { body: request.body } : {}),
          });
          const route = `${op.method} ${op.path}`;
          const counts = answered[route] ?? {};
          answered[route] = counts;
          const answer = `${res.status} ${res.body?.error?.code ?? ''}`.trim();
          counts[answer] = (counts[answer] ?? 0) + 1;
          if (res.status >= 500) {
            const shown = request.body && request.body.length > 500 ? `${request.body.slice(0, 500)}…` : request.body;
            throw new Error(
              `${request.method} ${request.url} (${request.auth} token) answered ${res.status} ${JSON.stringify(res.body)}\n` +
                `content-type: ${request.headers['content-type'] ?? '(none)'}\nbody: ${shown ?? '(none)'}`,
            );
          }
        }),
        { numRuns: runs, endOnFailure: true, ...(seed !== undefined ? { seed } : {}) },
      );
    },
  );
});
