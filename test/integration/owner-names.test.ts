import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { itemTrailPage } from '../../functions/audit/audit-repository';
import { createJob } from '../../functions/item-writes/create-job';
import { createIncident } from '../../functions/item-writes/incident-writes';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { updateUser } from '../../functions/staff/staff-service';
import { updateIncidentBody } from '../../functions/work/incidents/incident.contract';
import { getIncident } from '../../functions/work/incidents/incident-service';
import { createJobBody, updateJobBody } from '../../functions/work/jobs/job.contract';
import { archiveJob, getJob, listJobs } from '../../functions/work/jobs/job-reads-service';
import { refreshOwnerNames } from '../../functions/work/shared/owner-names';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { drainStreams } from '../support/streams';

const nameOf = (user: { givenName: string; familyName: string }) => `${user.givenName} ${user.familyName}`;

describe("jobs' and incidents' owner names", () => {
  let admin: StaffUser;
  let owner: StaffUser;
  let accountId: string;

  beforeAll(async () => {
    accountId = await newAccount('owner-names');
    [admin, owner] = await Promise.all([newUser(accountId, 'account_admin'), newUser(accountId, 'account_admin')]);
  });

  const job = (title: string) =>
    createJob(
      callerOf(admin),
      { title, dueAt: daysFromNow(30), location: { text: 'Gate' }, ownerIds: [owner.id, admin.id] },
      clock,
    );

  it('are written with the owners, in their order, and cannot be set by a request', async () => {
    const created = await job('Named');
    expect(created.ownerNames).toEqual([nameOf(owner), nameOf(admin)]);
    await expect(
      createJob(
        callerOf(admin),
        // ownerNames is not part of the request body (the route's contract refuses it with 400);
        // a caller of the use case that smuggles it in gets the names FieldPass reads.
        {
          title: 'Forged',
          dueAt: daysFromNow(30),
          location: { text: 'Gate' },
          ownerIds: [admin.id],
          ...{ ownerNames: ['X'] },
        },
        clock,
      ),
    ).resolves.toMatchObject({ ownerNames: [nameOf(admin)] });
    // The route's contracts refuse it (400 naming the key) on create and on change alike.
    const forged = { title: 'Forged', dueAt: daysFromNow(30), location: { text: 'Gate' }, ownerIds: [admin.id] };
    expect(z.safeParse(createJobBody, { ...forged, ownerNames: ['X'] }).error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['ownerNames'],
    });
    expect(z.safeParse(updateJobBody, { version: 1, ownerNames: ['X'] }).success).toBe(false);
    expect(z.safeParse(updateIncidentBody, { version: 1, ownerNames: ['X'] }).success).toBe(false);
  });

  it("follow a staff user's rename onto the current and archived jobs and incidents they own, without an audit entry", async () => {
    const current = await job('Current');
    const archived = await archiveJob(callerOf(admin), (await job('Archived')).id, clock);
    const incident = await createIncident(
      callerOf(admin),
      {
        title: 'Spill',
        location: { text: 'Bar' },
        severity: 'medium',
        raisedAt: '2026-11-20T10:00:00Z',
        ownerIds: [owner.id],
      },
      clock,
    );
    await drainStreams();
    const trailBefore = (await itemTrailPage('job', accountId, current.id, { limit: 100 })).items.length;

    const renamed = await updateUser(
      callerOf(admin),
      owner.id,
      { version: owner.version, givenName: 'Renamed' },
      clock,
    );
    await drainStreams();

    const newName = nameOf(renamed);
    expect((await getJob(callerOf(admin), current.id)).ownerNames).toEqual([newName, nameOf(admin)]);
    expect((await getJob(callerOf(admin), archived.id)).ownerNames).toEqual([newName, nameOf(admin)]);
    expect((await getIncident(callerOf(admin), incident.id)).ownerNames).toEqual([newName]);
    // The list rows carry the names too.
    const listed = await listJobs(callerOf(admin), { ownerId: owner.id });
    expect(listed.items.find((row) => row.id === current.id)?.ownerNames).toEqual([newName, nameOf(admin)]);
    // Not someone's change of the job: no new audit entry.
    expect((await itemTrailPage('job', accountId, current.id, { limit: 100 })).items.length).toBe(trailBefore);
    // A replayed rename writes nothing.
    expect(await refreshOwnerNames('job', accountId, owner.id)).toBe(0);
  });
});
