import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChecklist } from '../../functions/checklists/checklist-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createFeedKey } from '../../functions/feed/feed-key-service';
import { entitySetPage, type FeedActor, feedActorOf } from '../../functions/feed/feed-service';
import { type FeedEntitySet, feedEntitySets } from '../../functions/feed/odata-model';
import { feedQueryOf } from '../../functions/feed/odata-query';
import { createJob } from '../../functions/item-writes/create-job';
import { updateJob } from '../../functions/item-writes/job-writes';
import { checklistKeys } from '../../functions/shared/data/keys';
import { putDerived, transact } from '../../functions/shared/data/table';
import { jobReads } from '../../functions/work/jobs/job-kind';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { propertyRuns } from '../support/property-runs';
import { drainStreams } from '../support/streams';

const set = (name: string) => feedEntitySets[name] as FeedEntitySet;

/** Every row of a set for the actor, page by page (with `$filter` when given). */
async function allRows(actor: FeedActor, name: string, filter?: string) {
  const rows: Record<string, unknown>[] = [];
  let token: string | undefined;
  do {
    const options = { ...(filter ? { $filter: filter } : {}), ...(token ? { $skiptoken: token } : {}) };
    const page = await entitySetPage(actor, set(name), feedQueryOf(set(name), options));
    rows.push(...page.rows);
    token = page.next?.skiptoken;
  } while (token);
  return rows;
}

type Privacy = 'secret' | 'sealed' | null;
const privacy = fc.constantFrom<Privacy>(null, 'secret', 'sealed');
const step = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), job: fc.nat(2), to: privacy }),
  fc.record({ kind: fc.constant('answer' as const), job: fc.nat(2), value: fc.constantFrom('yes', 'no', 'na') }),
);

/**
 * The feed's log of assignments and answers (docs/data-model.md FEED-12, FEED-13) against a
 * reference model: whatever the jobs' privacy statuses and their changes, and whenever their
 * answers are saved, a key's maker without a status's grant never gets a row of a job that has it
 * now, and a maker who sees everything gets every row once. The same holds for one external
 * user's rows read from their partitions of the log (FEED-17, FEED-18): Jobs, Assignments and
 * ChecklistAnswers filtered by the user and a `modifiedAt` range, and answers by the user alone.
 */
describe('the feed log’s confidentiality (property, against DynamoDB Local)', () => {
  it('never gives an Admin without grants a row of a job with a privacy status now', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(privacy, { minLength: 1, maxLength: 3 }),
        fc.array(step, { maxLength: 5 }),
        async (initial, steps) => {
          const accountId = await newAccount('feedprop', { privacyStatusIds: ['secret', 'sealed'] });
          const owner = await newUser(accountId, 'account_admin');
          const admin = await newUser(accountId, 'admin');
          const ext = await createExternalUser(
            callerOf(owner),
            { givenName: 'Pat', familyName: 'Prop', email: `pat-${accountId}@example.com` },
            clock,
          );
          const jobs: {
            id: string;
            version: number;
            privacy: Privacy;
            list: string;
            item: string;
            answered: number;
          }[] = [];
          for (const [i, status] of initial.entries()) {
            const job = await createJob(
              callerOf(owner),
              {
                title: `prop-${i}`,
                dueAt: daysFromNow(30),
                location: { text: 'Bay' },
                ownerIds: [owner.id],
                externalUsers: [{ id: ext.id }],
                ...(status ? { privacyStatusId: status } : {}),
              },
              clock,
            );
            const list = await createChecklist(
              jobReads,
              callerOf(owner),
              job.id,
              {
                title: 'Bay',
                audience: { all: true },
                sections: [
                  { title: 'S', items: [{ label: 'Clear?', required: false, response: { type: 'yes_no_na' } }] },
                ],
              },
              clock,
            );
            jobs.push({
              id: job.id,
              version: job.version,
              privacy: status,
              list: list.id,
              item: list.sections[0]?.items[0]?.id ?? '',
              answered: 0,
            });
          }
          // The consumer handles each step before the next (as it does within a second), so an
          // entry is written in one class and must follow its job to the next.
          await drainStreams();
          for (const s of steps) {
            const job = jobs[s.job % jobs.length] as (typeof jobs)[number];
            if (s.kind === 'move') {
              const changed = await updateJob(callerOf(owner), job.id, { version: job.version, privacyStatusId: s.to });
              job.version = changed.version;
              job.privacy = s.to;
            } else {
              // The answer as the portal stores it, saved again with a later time.
              job.answered += 1;
              await transact(
                [
                  {
                    name: 'answer',
                    write: putDerived({
                      ...checklistKeys.checklistAnswer('job', accountId, job.id, job.list, job.item),
                      entity: 'ChecklistAnswer',
                      checklistId: job.list,
                      checklistItemId: job.item,
                      value: s.value,
                      answeredBy: { kind: 'external', id: ext.id },
                      answeredAt: new Date(Date.now() + job.answered).toISOString(),
                      userAgent: 'test',
                      requestId: randomUUID(),
                      version: job.answered,
                    }),
                  },
                ],
                'answer',
              );
            }
            await drainStreams();
          }

          const key = async (user: typeof owner) =>
            feedActorOf((await createFeedKey(callerOf(user), { name: 'P' }, clock)).key, new Date());
          const [ownerActor, adminActor] = [await key(owner), await key(admin)];
          const expected = (visible: (job: (typeof jobs)[number]) => boolean) => {
            const assigned = jobs
              .filter(visible)
              .map((job) => job.id)
              .sort();
            const answered = jobs
              .filter((job) => visible(job) && job.answered > 0)
              .map((job) => job.id)
              .sort();
            return {
              assignments: assigned,
              answers: answered,
              usersJobs: assigned,
              usersAssignments: assigned,
              usersAnswers: answered,
              usersAnswersInRange: answered,
            };
          };
          const mine = `externalUserId eq '${ext.id}'`;
          const mineInRange = `${mine} and modifiedAt ge 2000-01-01T00:00:00Z`;
          const ids = async (actor: FeedActor, name: string, filter?: string, column = 'jobId') =>
            (await allRows(actor, name, filter)).map((r) => String(r[column])).sort();
          const seen = async (actor: FeedActor) => ({
            assignments: await ids(actor, 'Assignments'),
            answers: await ids(actor, 'ChecklistAnswers'),
            usersJobs: await ids(actor, 'Jobs', mineInRange, 'id'),
            usersAssignments: await ids(actor, 'Assignments', mineInRange),
            usersAnswers: await ids(actor, 'ChecklistAnswers', mine),
            usersAnswersInRange: await ids(actor, 'ChecklistAnswers', mineInRange),
          });
          expect(await seen(adminActor)).toEqual(expected((job) => job.privacy === null));
          expect(await seen(ownerActor)).toEqual(expected(() => true));
        },
      ),
      { numRuns: propertyRuns(20) },
    );
  }, 600_000);
});
