import { describe, expect, it } from 'vitest';
import type { Account } from '../../functions/accounts/account-repository';
import { severityCheck } from '../../functions/work/incidents/incident-service';

const account = (incidentSeverityScale: Account['incidentSeverityScale']) => ({ incidentSeverityScale }) as Account;

describe('incident severity against the account scale', () => {
  it.each(['low', 'medium', 'high'] as const)('accepts the level %s on a levels account', (severity) => {
    expect(severityCheck(severity)?.(account('levels'))).toEqual([]);
  });

  it.each([1, 3, 5])('accepts %i on a numeric account', (severity) => {
    expect(severityCheck(severity)?.(account('numeric'))).toEqual([]);
  });

  it('refuses a number on a levels account, naming the severity field', () => {
    expect(severityCheck(2)?.(account('levels'))).toEqual([
      expect.objectContaining({ path: 'body.severity', code: 'severity_scale_mismatch' }),
    ]);
  });

  it('refuses a level on a numeric account, naming the severity field', () => {
    expect(severityCheck('high')?.(account('numeric'))).toEqual([
      expect.objectContaining({ path: 'body.severity', code: 'severity_scale_mismatch' }),
    ]);
  });
});
