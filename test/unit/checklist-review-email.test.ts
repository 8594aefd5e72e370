import { describe, expect, it } from 'vitest';
import { completionEmail, type ReviewFacts, reviewSummary } from '../../functions/checklists/checklist-completion';

const owner = { email: 'grace@example.com', givenName: 'Grace' };
const facts: ReviewFacts = {
  type: 'job',
  itemId: 'job-1',
  title: 'Check <b>barriers</b>\nat Gate "C"',
  dueAt: '2027-06-01T09:00:00Z',
  location: 'North & South stands',
  answeredBy: ['Ada Lovelace', 'Bo <Steward>'],
  required: { done: 4, total: 4 },
  attention: ['Arrival › Barrier <test>: Fail', 'Arrival › Vest on?: No'],
};

describe("the owner's review e-mail", () => {
  it('gives the due date, location, who answered, the required items done, and every failed or "no" answer', () => {
    const email = completionEmail(owner, facts, 'https://staff.example.com/');

    expect(email.to).toBe('grace@example.com');
    expect(email.subject).toBe('Checklists ready for review: Check <b>barriers</b> at Gate "C"');
    expect(email.text).toContain('Due: Tue, 1 Jun 2027, 09:00 UTC');
    expect(email.text).toContain('Location: North & South stands');
    expect(email.text).toContain('Answered by: Ada Lovelace, Bo <Steward>');
    expect(email.text).toContain('Required items: 4 of 4 answered');
    expect(email.text).toContain(
      'Failed or "no" answers: 2\n\n- Arrival › Barrier <test>: Fail\n- Arrival › Vest on?: No',
    );
    expect(email.text).toContain('Open the job: https://staff.example.com/jobs/job-1');
    expect(email.html).toContain('href="https://staff.example.com/jobs/job-1"');
  });

  it('escapes every text people typed in the HTML part', () => {
    const { html } = completionEmail(owner, facts, 'https://staff.example.com');

    expect(html).not.toMatch(/<b>|<Steward>|<test>/);
    expect(html).toContain('Check &lt;b&gt;barriers&lt;/b&gt;');
    expect(html).toContain('North &amp; South stands');
    expect(html).toContain('Bo &lt;Steward&gt;');
    expect(html).toContain('<li>Arrival › Barrier &lt;test&gt;: Fail</li>');
    expect(html).toContain('at Gate &quot;C&quot;');
  });

  it('says there is no failed or "no" answer, and leaves out what an incident or the item does not have', () => {
    const { dueAt: _due, location: _location, ...rest } = facts;

    const email = completionEmail(owner, { ...rest, type: 'incident', answeredBy: [], attention: [] }, 'https://s');

    expect(email.text).toContain('Failed or "no" answers: none');
    expect(email.text).toContain('Incident: Check <b>barriers</b>');
    expect(email.text).not.toMatch(/Due:|Location:|Answered by:|^- /m);
    expect(email.html).not.toContain('<ul>');
    expect(email.text).toContain('Open the incident: https://s/incidents/job-1');
  });
});

describe('what the review e-mail is made from', () => {
  const item = (id: string, type: string, required = true) => ({
    id,
    label: `Item ${id}`,
    required,
    response: { type },
  });
  const checklist = (id: string, title: string, items: ReturnType<typeof item>[]) => ({
    entity: 'Checklist',
    id,
    title,
    sections: [{ items }],
  });
  const answer = (checklistId: string, checklistItemId: string, value: unknown, by = 'ext-1', kind = 'external') => ({
    entity: 'ChecklistAnswer',
    checklistId,
    checklistItemId,
    value,
    answeredBy: { kind, id: by },
  });

  it('counts the required items of every checklist, lists each "fail" and "no", and names each external user who answered, once', () => {
    const parts = [
      checklist('c1', 'Arrival', [item('a', 'yes_no_na'), item('b', 'pass_fail_na'), item('c', 'text', false)]),
      checklist('c2', 'Closing', [item('d', 'pass_fail_na'), item('e', 'yes_no_na'), item('g', 'date')]),
      answer('c1', 'a', 'no'),
      answer('c1', 'b', 'pass', 'ext-2'),
      answer('c1', 'c', null, 'ext-3'),
      answer('c2', 'd', 'fail', 'ext-1'),
      answer('c2', 'e', 'na', 'u-1', 'staff'),
      { entity: 'ChecklistComment', checklistId: 'c1', checklistItemId: 'a', text: 'fail' },
    ];

    expect(reviewSummary(parts)).toEqual({
      required: { done: 4, total: 5 },
      answeredBy: ['ext-1', 'ext-2'],
      attention: ['Arrival › Item a: No', 'Closing › Item d: Fail'],
    });
  });
});
