import type { BenchClient } from './client';
import { newEmail } from './client';

/*
 * The data the bench measures against, made through the HTTP API as staff would make it. Sizes are
 * chosen to be typical, and fixed, so item sizes (and so capacity units) repeat run after run:
 * a job with a 600-character description, a checklist of 20 required items of every answerable
 * type plus an optional photo, answers with the phone's user agent and GPS.
 */

const lorem =
  'Walk the west stand concourse before gates open. Check every fire exit opens fully and its signage is lit, ' +
  'the barriers at gates 3 to 7 are locked in the open position, and the first-aid points hold a full kit. ' +
  'Report anything blocked, broken or missing in the checklist with a photo where you can, and tell the ' +
  'control room on channel 2 about anything that stops the gates opening on time. The stewards briefing is ' +
  'at 12:30 in the north lounge; bring your vest and radio. Spare keys for the plant rooms are with security. ';

/** The job description: 600 characters. */
export const jobDescription = lorem.repeat(2).slice(0, 600);

/** An answer's GPS as the page sends it. */
export const gps = { lat: 51.55612, lng: -0.27961, accuracy: 14 };

/** The checklist's items and the answer the bench gives each: 20 required, one optional photo. */
export const checklistItems: { label: string; response: Record<string, unknown>; answer?: unknown }[] = [
  { label: 'Fire exits open fully', response: { type: 'yes_no_na' }, answer: 'yes' },
  { label: 'Exit signage lit', response: { type: 'yes_no_na' }, answer: 'yes' },
  { label: 'First-aid kit complete', response: { type: 'yes_no_na' }, answer: 'no' },
  { label: 'Radio checked on channel 2', response: { type: 'yes_no_na' }, answer: 'yes' },
  { label: 'Barrier gate 3', response: { type: 'pass_fail_na' }, answer: 'pass' },
  { label: 'Barrier gate 4', response: { type: 'pass_fail_na' }, answer: 'pass' },
  { label: 'Barrier gate 5', response: { type: 'pass_fail_na' }, answer: 'fail' },
  { label: 'Barrier gate 6', response: { type: 'pass_fail_na' }, answer: 'na' },
  {
    label: 'Anything blocked?',
    response: { type: 'text' },
    answer: 'Pallet of cups left in front of exit W4; moved it to the store and told catering to keep it clear.',
  },
  {
    label: 'Kit missing',
    response: { type: 'text' },
    answer: 'Two burn dressings and the eye wash at point 2; replaced from the spare kit in the control room.',
  },
  { label: 'Lighting faults', response: { type: 'text' }, answer: 'Sign over W6 flickers.' },
  { label: 'Notes for control', response: { type: 'text' }, answer: 'All clear at 13:05.' },
  { label: 'Stewards present', response: { type: 'number', min: 0, unit: 'people' }, answer: 14 },
  { label: 'Radios issued', response: { type: 'number', min: 0 }, answer: 12 },
  { label: 'Extinguisher service date', response: { type: 'date' }, answer: '2026-09-30' },
  { label: 'Last drill', response: { type: 'date' }, answer: '2026-11-02' },
  { label: 'Gates ready at', response: { type: 'datetime' }, answer: '2026-12-05T13:05:00Z' },
  { label: 'Weather', response: { type: 'single_choice', options: ['Dry', 'Wet', 'Windy'] }, answer: 'Dry' },
  { label: 'Crowd level', response: { type: 'single_choice', options: ['Low', 'Medium', 'High'] }, answer: 'Medium' },
  {
    label: 'Exits checked',
    response: { type: 'multiple_choice', options: ['W1', 'W2', 'W3', 'W4', 'W5', 'W6'] },
    answer: ['W1', 'W2', 'W3', 'W4', 'W5', 'W6'],
  },
  { label: 'Photo of anything broken', response: { type: 'photo', maxFiles: 3 } },
];

/** The text item the single-autosave measurements answer (about 100 characters: a typical answer). */
export const autosaveItemIndex = 8;
/** The item the comment measurement comments on, and the photo item. */
export const commentItemIndex = 9;
export const photoItemIndex = 20;

/** A due date `days` ahead at 09:00 UTC (fixed length). */
export const dueIn = (days: number) =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T09:00:00Z`;

export interface PortalJob {
  id: string;
  checklistId: string;
  itemIds: string[];
}

export interface Fixture {
  adminToken: string;
  adminId: string;
  /** A staff user who owns jobs and sees every job. */
  owner: { id: string; token: string; email: string };
  /** A staff user who sees only the jobs they own (and the Restricted ones). */
  ownedOnly: { id: string; token: string; email: string };
  departments: { security: string; catering: string };
  restricted: string;
  termsVersion: number;
}

/** Account settings, terms, two staff users. */
export async function setUpAccount(client: BenchClient, adminToken: string): Promise<Fixture> {
  const me = await client.expect(200, 'GET', '/me', { token: adminToken });
  const account = await client.expect(200, 'GET', '/account', { token: adminToken });
  const settings = await client.expect(200, 'PATCH', '/account', {
    token: adminToken,
    body: {
      version: account.version,
      departments: [{ name: 'Security' }, { name: 'Catering' }],
      privacyStatuses: [{ name: 'Restricted' }],
    },
  });
  const [security, catering] = settings.departments.map((d: { id: string }) => d.id);
  const [restricted] = settings.privacyStatuses.map((p: { id: string }) => p.id);
  const terms = await client.expect(201, 'POST', '/account/terms', {
    token: adminToken,
    body: { text: 'Follow the stewards briefing and the control room. Report every hazard before you leave.' },
  });
  const owner = await client.inviteStaff(adminToken, {
    givenName: 'Olivia',
    familyName: 'Owner',
    role: 'general',
    permissions: { jobs: { access: true } },
  });
  const ownedOnly = await client.inviteStaff(adminToken, {
    givenName: 'Sam',
    familyName: 'Scoped',
    role: 'general',
    permissions: { jobs: { access: true, see: 'owned', edit: 'owned', confidential: [restricted] } },
  });
  return {
    adminToken,
    adminId: me.id ?? me.user?.id,
    owner: { id: owner.user.id, token: owner.token, email: owner.email },
    ownedOnly: { id: ownedOnly.user.id, token: ownedOnly.token, email: ownedOnly.email },
    departments: { security, catering },
    restricted,
    termsVersion: terms.version,
  };
}

/** An external user (fixed-length name and e-mail). */
export async function newExternalUser(client: BenchClient, fixture: Fixture, label: string) {
  const email = newEmail(label);
  const user = await client.expect(201, 'POST', '/external-users', {
    token: fixture.adminToken,
    body: { givenName: 'Gil', familyName: 'Steward', email },
  });
  return { id: user.id as string, email };
}

/**
 * A job with the bench's description and checklist, assigned to `externalUserIds`; owned by the
 * owner and the admin unless `ownerIds` says otherwise.
 */
export async function newPortalJob(
  client: BenchClient,
  fixture: Fixture,
  externalUserIds: string[],
  options: { title: string; items?: typeof checklistItems; ownerIds?: string[] },
): Promise<PortalJob> {
  const items = options.items ?? checklistItems;
  const job = await client.expect(201, 'POST', '/jobs', {
    token: fixture.adminToken,
    body: {
      title: options.title,
      description: jobDescription,
      dueAt: dueIn(120),
      location: { text: 'West stand concourse, gates 3 to 7' },
      ownerIds: options.ownerIds ?? [fixture.owner.id, fixture.adminId],
      departmentId: fixture.departments.security,
      externalUsers: externalUserIds.map((id) => ({ id })),
    },
  });
  const checklist = await client.expect(201, 'POST', `/jobs/${job.id}/checklists`, {
    token: fixture.adminToken,
    body: {
      title: 'Pre-opening safety sweep',
      sections: [
        {
          title: 'West stand',
          items: items.map(({ label, response, answer }) => ({
            label,
            response,
            required: answer !== undefined,
          })),
        },
      ],
    },
  });
  return {
    id: job.id,
    checklistId: checklist.id,
    itemIds: checklist.sections[0].items.map((i: { id: string }) => i.id),
  };
}

/** Assigns an external user to a job and answers the link e-mailed to them (after the stream sent it). */
export async function assign(
  client: BenchClient,
  fixture: Fixture,
  jobId: string,
  user: { id: string; email: string },
) {
  await client.expect(201, 'POST', `/jobs/${jobId}/assignments`, { token: fixture.adminToken, body: { id: user.id } });
  await client.drain();
  const [link] = (await client.linksTo(user.email)).slice(-1);
  if (!link) throw new Error(`no link e-mailed to ${user.email}`);
  return link;
}

/** The link already e-mailed to an external user named on the job at its creation. */
export async function linkOf(client: BenchClient, user: { email: string }) {
  await client.drain();
  const [link] = (await client.linksTo(user.email)).slice(-1);
  if (!link) throw new Error(`no link e-mailed to ${user.email}`);
  return link;
}

/**
 * The jobs the list pages page through: 40 jobs spread over statuses, owners, departments, the
 * Restricted privacy status, due dates, an external user and a customer; four archived. Answers
 * the customer's id.
 */
export async function setUpJobList(
  client: BenchClient,
  fixture: Fixture,
  externalUserId: string,
): Promise<{ customerId: string }> {
  const { owner, ownedOnly, adminId, departments, restricted } = fixture;
  const customer = await client.expect(201, 'POST', '/customers', {
    token: fixture.adminToken,
    body: { name: 'North Stand Dealers' },
  });
  const statuses = ['open', 'in_progress', 'completed', 'open'] as const;
  for (let i = 0; i < 40; i++) {
    // The scoped user owns every fifth job, half of them with the owner (the filter-by-another-owner case).
    const ownerIds =
      i % 5 === 1
        ? i % 10 === 1
          ? [ownedOnly.id]
          : [ownedOnly.id, owner.id]
        : i % 3 === 0
          ? [owner.id, adminId]
          : [owner.id];
    const departmentId = [departments.security, departments.catering, undefined][i % 3];
    const job = await client.expect(201, 'POST', '/jobs', {
      token: fixture.adminToken,
      body: {
        title: `Stand check ${String(i).padStart(2, '0')}`,
        description: jobDescription.slice(0, 200),
        dueAt: dueIn(30 + (i % 28)),
        location: { text: 'North stand' },
        status: statuses[i % 4],
        ownerIds,
        ...(departmentId ? { departmentId } : {}),
        ...(i % 5 === 0 ? { privacyStatusId: restricted } : {}),
        ...(i % 4 === 0 ? { externalUsers: [{ id: externalUserId }] } : {}),
        ...(i % 3 === 1 ? { customerId: customer.id } : {}),
      },
    });
    if (i % 10 === 9) await client.expect(200, 'POST', `/jobs/${job.id}/archive`, { token: fixture.adminToken });
  }
  await client.drain();
  return { customerId: customer.id };
}

/** The answer body the page sends for checklist item `index` at `version`. */
export function answerBody(index: number, version: number, requestId: string, value?: unknown) {
  return { value: value ?? checklistItems[index]?.answer, version, requestId, gps };
}
