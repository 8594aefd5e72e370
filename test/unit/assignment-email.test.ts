import { describe, expect, it } from 'vitest';
import { assignmentEmail } from '../../functions/links/assignment-email';

const facts = {
  to: 'ada@example.com',
  givenName: 'Ada',
  itemType: 'job' as const,
  title: 'Check <b>barriers</b>\nat Gate "C"',
  dueAt: '2027-06-01T09:00:00Z',
  location: 'North & South stands',
  assignedBy: 'Grace Hopper',
  accountName: 'Acme Venues',
  link: 'https://portal.example.com/#/l/TOKEN',
};

describe('the assignment e-mail', () => {
  it('names the job, its due date, location, who assigned it, and the link', () => {
    const email = assignmentEmail(facts);

    expect(email.to).toBe('ada@example.com');
    expect(email.text).toContain('Due: Tue, 1 Jun 2027, 09:00 UTC');
    expect(email.text).toContain('Location: North & South stands');
    expect(email.text).toContain('Assigned by: Grace Hopper, Acme Venues');
    expect(email.text).toContain('https://portal.example.com/#/l/TOKEN');
    expect(email.html).toContain('href="https://portal.example.com/#/l/TOKEN"');
  });

  it('escapes what staff typed in the HTML part, and keeps the subject on one line', () => {
    const email = assignmentEmail(facts);

    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('Check &lt;b&gt;barriers&lt;/b&gt;');
    expect(email.html).toContain('Gate &quot;C&quot;');
    expect(email.html).toContain('North &amp; South stands');
    expect(email.subject).toBe('Job assigned: Check <b>barriers</b> at Gate "C"');
  });

  it('has no due date line for an incident', () => {
    const { dueAt: _dueAt, ...rest } = facts;
    const email = assignmentEmail({ ...rest, itemType: 'incident' });

    expect(email.subject).toMatch(/^Incident assigned: /);
    expect(email.text).not.toContain('Due:');
    expect(email.text).toContain('assigned you to an incident');
  });
});
