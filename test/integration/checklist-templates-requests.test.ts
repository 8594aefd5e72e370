import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { readItemChecklists } from '../../functions/checklists/checklist-repository';
import { createChecklist } from '../../functions/checklists/checklist-service';
import {
  createChecklistTemplate,
  deleteChecklistTemplate,
  listChecklistTemplates,
  updateChecklistTemplate,
} from '../../functions/checklists/templates/checklist-template-service';
import { createJob } from '../../functions/item-writes/create-job';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { createJobCategory } from '../../functions/work/job-categories/job-category-service';
import { jobReads as jobs } from '../../functions/work/jobs/job-kind';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

const sections = [
  { title: 'Gate', items: [{ label: 'Locked?', required: true, response: { type: 'yes_no_na' as const } }] },
];

describe('checklist template request budgets', () => {
  let admin: StaffUser;
  let categoryId: string;

  const newJob = (category?: string) =>
    createJob(
      callerOf(admin),
      {
        title: 'Close the gates',
        dueAt: daysFromNow(180),
        location: { text: 'North gate' },
        ownerIds: [admin.id],
        ...(category ? { categoryId: category } : {}),
      },
      clock,
    );

  beforeAll(async () => {
    const accountId = await newAccount('templates');
    admin = await newUser(accountId, 'account_admin');
    categoryId = (await createJobCategory(callerOf(admin), { name: `Gates ${randomUUID()}` }, clock)).id;
  });

  it('adds a template with the caller and category GetItems in parallel, then one transaction', async () => {
    counter.reset();
    await createChecklistTemplate(callerOf(admin), categoryId, { title: 'Closing', sections }, clock);
    expect(counter.sent.slice(0, 2)).toEqual(['Get', 'Get']);
    expect(counter.sent.slice(2)).toEqual(['TransactWriteItems']);
  });

  it("lists a category's templates with two GetItems and one Query, in parallel", async () => {
    counter.reset();
    const { items } = await listChecklistTemplates(callerOf(admin), categoryId);
    expect([...counter.sent].sort()).toEqual(['Get', 'Get', 'Query']);
    expect(items.map((t) => t.title)).toContain('Closing');
  });

  it('creates a job of the category with its templates as checklists in the same one transaction', async () => {
    await createChecklistTemplate(callerOf(admin), categoryId, { title: 'Opening', sections }, clock);
    counter.reset();
    const job = await newJob(categoryId);
    // Caller; category GetItem and template Query at once; owners; one write with the checklists in it.
    expect(counter.sent[0]).toBe('Get');
    expect(counter.sent.slice(1, 3).sort()).toEqual(['Get', 'Query']);
    expect(counter.sent.slice(3)).toEqual(['BatchGet', 'TransactWriteItems']);
    const { checklists } = await readItemChecklists('job', admin.accountId, job.id);
    expect(checklists.map((c) => c.title).sort()).toEqual(['Closing', 'Opening']);
    expect(checklists.every((c) => c.templateId && c.audience && 'all' in c.audience)).toBe(true);
  });

  it('creates a job without a category with no request for templates', async () => {
    counter.reset();
    const job = await newJob();
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'TransactWriteItems']);
    expect((await readItemChecklists('job', admin.accountId, job.id)).checklists).toEqual([]);
  });

  it("adds a template to an existing job with the job's reads, one GetItem of the template and one transaction", async () => {
    const { items } = await listChecklistTemplates(callerOf(admin), categoryId);
    const job = await newJob(categoryId);
    counter.reset();
    await createChecklist(jobs, callerOf(admin), job.id, {
      templateId: items[0]?.id as string,
      audience: { all: true },
    });
    expect(counter.sent).toEqual(['Get', 'Get', 'Get', 'TransactWriteItems']);
  });

  it('replaces a template with two GetItems and one transaction, and deletes one with a GetItem and one transaction', async () => {
    const made = await createChecklistTemplate(callerOf(admin), categoryId, { title: 'Short-lived', sections }, clock);
    counter.reset();
    await updateChecklistTemplate(
      callerOf(admin),
      categoryId,
      made.id,
      { version: 1, title: 'Renamed', sections: made.sections },
      clock,
    );
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
    counter.reset();
    await deleteChecklistTemplate(callerOf(admin), categoryId, made.id);
    expect(counter.sent).toEqual(['Get', 'TransactWriteItems']);
  });
});
