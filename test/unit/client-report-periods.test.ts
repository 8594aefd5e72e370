import { describe, expect, it } from 'vitest';
import { reportEmail } from '../../functions/client-reports/report-email';
import { duePeriod, localMidnight } from '../../functions/client-reports/report-period';

describe('the period a report is due for', () => {
  it('is yesterday from 07:00 local, and the day before yesterday until then', () => {
    expect(duePeriod('daily', 'UTC', new Date('2027-03-11T07:00:00Z'))).toMatchObject({
      key: 'D2027-03-10',
      from: new Date('2027-03-10T00:00:00Z'),
      to: new Date('2027-03-11T00:00:00Z'),
    });
    expect(duePeriod('daily', 'UTC', new Date('2027-03-11T06:59:59Z')).key).toBe('D2027-03-09');
  });

  it("follows the contact's time zone: a day in Sydney ends at 13:00 UTC the day before", () => {
    // 07:30 on 11 March in Sydney (UTC+11) is 20:30 UTC on 10 March.
    const period = duePeriod('daily', 'Australia/Sydney', new Date('2027-03-10T20:30:00Z'));
    expect(period).toMatchObject({
      key: 'D2027-03-10',
      from: new Date('2027-03-09T13:00:00Z'),
      to: new Date('2027-03-10T13:00:00Z'),
      label: '2027-03-10',
    });
  });

  it('is a local day of 23 hours when the clocks go forward', () => {
    // New York goes to summer time on Sunday 14 March 2027.
    const period = duePeriod('daily', 'America/New_York', new Date('2027-03-15T12:00:00Z'));
    expect(period.key).toBe('D2027-03-14');
    expect(period.from).toEqual(new Date('2027-03-14T05:00:00Z'));
    expect(period.to).toEqual(new Date('2027-03-15T04:00:00Z'));
  });

  it('is last week, Monday to Sunday, from Monday 07:00 local, and the week before until then', () => {
    expect(duePeriod('weekly', 'UTC', new Date('2027-03-15T07:00:00Z'))).toMatchObject({
      key: 'W2027-03-08',
      from: new Date('2027-03-08T00:00:00Z'),
      to: new Date('2027-03-15T00:00:00Z'),
      label: '2027-03-08 – 2027-03-14',
    });
    expect(duePeriod('weekly', 'UTC', new Date('2027-03-15T06:00:00Z')).key).toBe('W2027-03-01');
    expect(duePeriod('weekly', 'UTC', new Date('2027-03-21T23:00:00Z')).key).toBe('W2027-03-08');
  });

  it('finds local midnight across a change of offset', () => {
    expect(localMidnight({ year: 2027, month: 10, day: 31 }, 'Europe/London')).toEqual(
      new Date('2027-10-30T23:00:00Z'),
    );
    expect(localMidnight({ year: 2027, month: 11, day: 1 }, 'Europe/London')).toEqual(new Date('2027-11-01T00:00:00Z'));
  });
});

describe('a report e-mail', () => {
  const base = {
    to: 'dana@example.com',
    givenName: 'Dana',
    siteName: 'Harbour <HQ>',
    frequency: 'daily' as const,
    periodLabel: '2027-03-10',
    timeZone: 'UTC',
    counts: {
      job: { total: 1, byStatus: { in_progress: 1 } },
      incident: { total: 0, byStatus: {} },
      log: { total: 0, byStatus: {} },
    },
    items: [
      {
        type: 'job' as const,
        title: '<b>Boiler</b>',
        at: '2027-03-10T09:00:00.000Z',
        status: 'in_progress',
        url: 'https://p/#/sites/s1',
      },
    ],
    more: 0,
    dashboardUrl: 'https://p/#/sites/s1',
    hasSite: true,
    unsubscribePageUrl: 'https://p/#/unsubscribe/t',
    oneClickUrl: 'https://api/client-reports/unsubscribe/t',
  };

  it('escapes what people typed in its HTML and carries the one-click unsubscribe headers', () => {
    const email = reportEmail(base);
    expect(email.subject).toBe('Daily report for Harbour <HQ>: 2027-03-10');
    expect(email.html).toContain('&lt;b&gt;Boiler&lt;/b&gt;');
    expect(email.html).not.toContain('<b>Boiler');
    expect(email.text).toContain('Jobs: 1 (in progress 1)');
    expect(email.headers).toEqual([
      { name: 'List-Unsubscribe', value: '<https://api/client-reports/unsubscribe/t>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('says an empty period was empty, and counts what it does not list', () => {
    expect(reportEmail({ ...base, items: [] }).text).toContain('Nothing happened at your site in this period.');
    expect(reportEmail({ ...base, more: 12 }).text).toContain('…and 12 more in the portal.');
  });

  it("says an access without a site's empty period was empty and links the portal's home, not a dashboard", () => {
    const email = reportEmail({ ...base, hasSite: false, items: [], dashboardUrl: 'https://p/#/home' });
    expect(email.text).toContain('Nothing was due or happened in this period.');
    expect(email.text).toContain('Open your portal: https://p/#/home');
    expect(email.text).not.toContain('dashboard');
  });
});
