import { externalUserColumns } from '../functions/reports/report.contract';
import type { TableShape } from './capacity';
import { type BenchClient, requestId } from './client';
import { measureExport } from './export-scenario';
import { measureOperation, type OperationResult, type Side } from './measure';
import type { CountingProxy } from './proxy';
import {
  answerBody,
  assign,
  autosaveItemIndex,
  checklistItems,
  commentItemIndex,
  type Fixture,
  linkOf,
  newExternalUser,
  newPortalJob,
  photoItemIndex,
  setUpAccount,
  setUpJobList,
} from './scenario';

export interface BenchContext {
  proxy: CountingProxy;
  client: BenchClient;
  table: TableShape;
  adminToken: string;
}

/** Operations issue 17 names that FieldPass does not have yet: listed, never invented. */
export const notBuilt: Pick<OperationResult, 'name' | 'route'>[] = [];

/** The job report's columns the report page asks for: a few of the item's and every external-user one. */
export const reportPageColumns = ['id', 'title', 'status', 'dueAt', 'ownerNames', ...externalUserColumns];

const portalAnswerRoute = 'PUT /portal/jobs/{jobId}/checklists/{checklistId}/items/{itemId}/answer';

/** One portal session: the first load of a visit and 20 autosaves, each measured on its own. */
export interface SessionResult {
  steps: OperationResult[];
  /** HTTP API requests (= request-path Lambda invocations). */
  apiRequests: number;
  requestPath: { requests: number; rru: number; wru: number };
  /** `delivered`: the records the consumer's event filter let through (its invocations). */
  stream: { records: number; delivered: number; requests: number; rru: number; wru: number };
}

const sum = (sides: (Side | undefined)[], pick: (s: Side) => number) =>
  Math.round(sides.reduce((total, s) => total + (s ? pick(s) : 0), 0) * 100) / 100;

/**
 * Every measured operation, in the order a real account meets them: staff set up the data (not
 * measured); an external user opens the link, signs in, accepts the terms, loads the job, saves
 * answers, comments and uploads; staff page through jobs with each filter; a fresh external user
 * runs one whole session (1 load + 20 autosaves); staff read that job's audit trail and the
 * external activity.
 */
export async function measureOperations(context: BenchContext, log: (line: string) => void) {
  const { client } = context;
  const results: OperationResult[] = [];
  const measure = async (
    name: string,
    route: string,
    run: () => ReturnType<BenchClient['api']>,
    expected = 200,
    notes: string[] = [],
  ) => {
    const { answer, ...result } = await measureOperation(context, name, route, run, expected, notes);
    results.push(result);
    log(
      `  ${name}: ${result.requestPath?.sequence || '(none)'}; ${result.requestPath?.wru} WRU, ${result.requestPath?.rru} RRU`,
    );
    return answer;
  };

  log('setting up the account, staff and jobs');
  const fixture = await setUpAccount(client, context.adminToken);
  const gil = await newExternalUser(client, fixture, 'gil');
  const job = await newPortalJob(client, fixture, [gil.id], { title: 'Match day safety sweep: west stand' });
  const { customerId } = await setUpJobList(client, fixture, gil.id);
  const link = await linkOf(client, gil);
  const portalJob = `/portal/jobs/${job.id}`;
  const item = (index: number) => `${portalJob}/checklists/${job.checklistId}/items/${job.itemIds[index]}`;

  log('measuring the portal operations');
  await measure('link state', 'GET /links/state', () =>
    client.api('GET', '/links/state', { headers: { 'x-link-token': link } }),
  );
  const asked = await measure('code request', 'POST /portal/sign-in/code', () => client.requestCode(link), 200, [
    'includes the Cognito triggers (Create challenge) the sign-in runs',
  ]);
  const [code] = (await client.codesTo(gil.email)).slice(-1);
  const verified = await measure(
    'code verify',
    'POST /portal/sign-in/verify',
    () => client.verifyCode(link, asked.body.session, code as string),
    200,
    ['includes the Cognito triggers (Verify, PostAuthentication) the sign-in runs'],
  );
  const token = verified.body.idToken as string;
  await measure('terms acceptance', 'POST /portal/terms/acceptance', () =>
    client.api('POST', '/portal/terms/acceptance', { token, body: { version: fixture.termsVersion } }),
  );
  await measure('portal load (first of a visit)', 'GET /portal/jobs/{jobId}', () =>
    client.api('GET', portalJob, { token }),
  );
  await measure(
    'portal reload (same visit)',
    'GET /portal/jobs/{jobId}',
    () => client.api('GET', portalJob, { token }),
    200,
    ['a reload within 5 minutes: the warm function skips the view record'],
  );
  const saved = await measure(
    'autosave (new answer)',
    portalAnswerRoute,
    () =>
      client.api('PUT', `${item(autosaveItemIndex)}/answer`, {
        token,
        body: answerBody(autosaveItemIndex, 0, requestId()),
      }),
    200,
    ['a 100-character text answer with GPS and the phone user agent'],
  );
  await measure('autosave (changed answer)', portalAnswerRoute, () =>
    client.api('PUT', `${item(autosaveItemIndex)}/answer`, {
      token,
      body: answerBody(
        autosaveItemIndex,
        saved.body.version,
        requestId(),
        'Pallet of cups left in front of exit W4; moved it to the store and told catering to keep it free.',
      ),
    }),
  );
  await measure(
    'comment',
    'POST /portal/jobs/{jobId}/checklists/{checklistId}/items/{itemId}/comments',
    () =>
      client.api('POST', `${item(commentItemIndex)}/comments`, {
        token,
        body: { text: 'Eye wash at point 2 was out of date as well; replaced it.', requestId: requestId() },
      }),
    201,
  );
  const photo = new Uint8Array(2048).fill(7);
  photo.set([0xff, 0xd8, 0xff, 0xe0]);
  const upload = await measure(
    'upload request',
    'POST /portal/jobs/{jobId}/checklists/{checklistId}/items/{itemId}/attachments',
    () =>
      client.api('POST', `${item(photoItemIndex)}/attachments`, {
        token,
        body: { fileName: 'barrier-gate-5.jpg', contentType: 'image/jpeg', size: photo.length, requestId: requestId() },
      }),
    201,
  );
  const put = await fetch(upload.body.upload.url, { method: 'PUT', headers: upload.body.upload.headers, body: photo });
  if (put.status !== 200) throw new Error(`upload to the bucket: ${put.status}`);
  await measure(
    'upload confirm',
    'POST /portal/jobs/{jobId}/checklists/{checklistId}/items/{itemId}/attachments/{attachmentId}/confirm',
    () => client.api('POST', `${item(photoItemIndex)}/attachments/${upload.body.attachment.id}/confirm`, { token }),
  );

  log('measuring the staff list pages');
  const list = (name: string, query: string, as = fixture.adminToken, notes: string[] = []) =>
    measure(
      `staff job list: ${name}`,
      'GET /jobs',
      () => client.api('GET', `/jobs?limit=25${query}`, { token: as }),
      200,
      notes,
    );
  await list('no filter', '');
  await list('status', '&status=in_progress');
  await list('archived', '&archived=true');
  await list('owner', `&ownerId=${fixture.owner.id}`);
  await list('department', `&departmentId=${fixture.departments.security}`);
  await list('privacy status', `&privacyStatusId=${fixture.restricted}`);
  await list('no privacy status', '&privacyStatusId=none');
  await list('external user', `&externalUserId=${gil.id}`);
  await list('customer', `&customerId=${customerId}`);
  await list('due dates', `&dueFrom=${dueWindow(35)}&dueTo=${dueWindow(42)}`);
  await list('owner + department', `&ownerId=${fixture.owner.id}&departmentId=${fixture.departments.security}`);
  await list('own items only (scope)', '', fixture.ownedOnly.token, ['a user who sees only the jobs they own']);
  await list('own items only, by another owner', `&ownerId=${fixture.owner.id}`, fixture.ownedOnly.token, [
    'a just-owned viewer filtering by another owner: the (owner, co-owner) rows (WRK-8)',
  ]);

  log('measuring one whole portal session');
  const session = await measureSession(context, fixture, log);

  log('measuring the audit and activity pages');
  await measure('audit page', 'GET /jobs/{jobId}/audit', () =>
    client.api('GET', `/jobs/${session.jobId}/audit?limit=50`, { token: fixture.owner.token }),
  );
  await measure('activity page: no filter', 'GET /external-activity', () =>
    client.api('GET', '/external-activity?limit=50', { token: fixture.adminToken }),
  );
  await measure('activity page: external user', 'GET /external-activity', () =>
    client.api('GET', `/external-activity?limit=50&externalUserId=${gil.id}`, { token: fixture.adminToken }),
  );
  await measure('activity page: item type', 'GET /external-activity', () =>
    client.api('GET', '/external-activity?limit=50&itemType=job', { token: fixture.adminToken }),
  );
  await measure('activity page: external user + item type', 'GET /external-activity', () =>
    client.api('GET', `/external-activity?limit=50&externalUserId=${gil.id}&itemType=job`, {
      token: fixture.adminToken,
    }),
  );

  log('measuring the report pages');
  await measure(
    'report page: jobs, external-user columns, status',
    'GET /reports/jobs',
    () =>
      client.api('GET', `/reports/jobs?limit=25&status=in_progress&columns=${reportPageColumns.join(',')}`, {
        token: fixture.adminToken,
      }),
    200,
    ['every external-user column; the status filter'],
  );
  await measure('report page: audit', 'GET /reports/audit', () =>
    client.api('GET', '/reports/audit?limit=50', { token: fixture.adminToken }),
  );

  log('measuring the export of 10,000 rows');
  results.push(await measureExport(context, fixture, log));

  return { results, session: session.result, fixture };
}

/** An ISO instant `days` ahead at midnight UTC. */
const dueWindow = (days: number) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`;

/**
 * One portal session by a fresh external user on a job of its own: the first load of the visit,
 * then 20 autosaves answering the 20 required items, the last one completing the checklist (the
 * owner e-mail). Each step is measured on its own with the stream drained between, as a person
 * answering over minutes gives the stream consumer one record at a time.
 */
async function measureSession(context: BenchContext, fixture: Fixture, log: (line: string) => void) {
  const { client } = context;
  const user = await newExternalUser(client, fixture, 'sess');
  // Owned by a staff user whose name no portal load has read yet: the first load reads it, as a
  // function does whose five-minute name cache is cold, whatever ran before.
  const job = await newPortalJob(client, fixture, [], {
    title: 'Match day safety sweep: east stand',
    ownerIds: [fixture.ownedOnly.id],
  });
  const link = await assign(client, fixture, job.id, user);
  const token = await client.portalSignIn(link, user.email);
  await client.expect(200, 'POST', '/portal/terms/acceptance', { token, body: { version: fixture.termsVersion } });
  const steps: OperationResult[] = [];
  const step = async (name: string, route: string, run: () => ReturnType<BenchClient['api']>) => {
    const { answer, ...result } = await measureOperation(context, name, route, run, 200);
    steps.push(result);
    return answer;
  };
  await step('session: portal load', 'GET /portal/jobs/{jobId}', () =>
    client.api('GET', `/portal/jobs/${job.id}`, { token }),
  );
  const answered = checklistItems.flatMap((entry, index) => (entry.answer === undefined ? [] : [index]));
  for (const index of answered) {
    await step(`session: autosave ${index + 1}`, portalAnswerRoute, () =>
      client.api('PUT', `/portal/jobs/${job.id}/checklists/${job.checklistId}/items/${job.itemIds[index]}/answer`, {
        token,
        body: answerBody(index, 0, requestId()),
      }),
    );
  }
  // The last answer completed the checklist: the owner is e-mailed once, as the product promises.
  const reviews = (await client.emailsTo(fixture.ownedOnly.email)).filter((m) =>
    m.subject.startsWith('Checklists ready for review'),
  );
  if (reviews.length !== 1) throw new Error(`the completed session e-mailed the owner ${reviews.length} times`);
  const requestSides = steps.map((s) => s.requestPath);
  const streamSides = steps.map((s) => s.stream);
  const result: SessionResult = {
    steps,
    apiRequests: steps.length,
    requestPath: {
      requests: sum(requestSides, (s) => s.requests),
      rru: sum(requestSides, (s) => s.rru),
      wru: sum(requestSides, (s) => s.wru),
    },
    stream: {
      records: steps.reduce((total, s) => total + (s.stream?.records ?? 0), 0),
      delivered: steps.reduce((total, s) => total + (s.stream?.delivered ?? 0), 0),
      requests: sum(streamSides, (s) => s.requests),
      rru: sum(streamSides, (s) => s.rru),
      wru: sum(streamSides, (s) => s.wru),
    },
  };
  log(
    `  session: ${result.apiRequests} API requests; request path ${result.requestPath.wru} WRU ${result.requestPath.rru} RRU; stream ${result.stream.wru} WRU ${result.stream.rru} RRU`,
  );
  return { result, jobId: job.id };
}
