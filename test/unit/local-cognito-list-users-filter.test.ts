import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter, parseUserFilter } from '../../local/cognito/operations/list-users';
import type { StoredUser } from '../../local/cognito/state';

function user(overrides: Partial<StoredUser> = {}): StoredUser {
  return {
    username: 'f3b1c2d4-0000-4000-8000-000000000001',
    sub: 'f3b1c2d4-0000-4000-8000-000000000001',
    attributes: { email: 'dana@example.com', given_name: 'Dana', 'custom:accountId': 'acct-1' },
    enabled: true,
    status: 'CONFIRMED',
    groups: [],
    createdAt: 0,
    modifiedAt: 0,
    ...overrides,
  };
}

describe('the ListUsers filter', () => {
  it('matches an exact email', () => {
    const filter = parseUserFilter('email = "dana@example.com"');

    expect(matchesFilter(user(), filter)).toBe(true);
  });

  it('does not match an email that only starts the same with =', () => {
    const filter = parseUserFilter('email = "dana@example"');

    expect(matchesFilter(user(), filter)).toBe(false);
  });

  it('matches a prefix with ^=', () => {
    const filter = parseUserFilter('given_name ^= "Da"');

    expect(matchesFilter(user(), filter)).toBe(true);
  });

  it('matches status case-insensitively', () => {
    const filter = parseUserFilter('status = "disabled"');

    expect(matchesFilter(user({ enabled: false }), filter)).toBe(true);
  });

  it('matches cognito:user_status', () => {
    const filter = parseUserFilter('cognito:user_status = "FORCE_CHANGE_PASSWORD"');

    expect(matchesFilter(user({ status: 'FORCE_CHANGE_PASSWORD' }), filter)).toBe(true);
  });

  it('does not match a user without the attribute', () => {
    const filter = parseUserFilter('family_name = "Admin"');

    expect(matchesFilter(user(), filter)).toBe(false);
  });

  it('treats an empty filter as all users', () => {
    expect(parseUserFilter('  ')).toBeUndefined();
  });

  it('refuses a custom attribute, which Cognito cannot search', () => {
    expect(() => parseUserFilter('custom:accountId = "acct-1"')).toThrow(/Invalid search attribute/);
  });

  it.each(['email', 'email = dana@example.com', 'email == "x"', 'email = "x" or 1=1', '= "x"'])(
    'refuses the malformed filter %j',
    (filter) => {
      expect(() => parseUserFilter(filter)).toThrow('Error while parsing filter.');
    },
  );

  it('reads back any value written with escaped quotes and backslashes', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const escaped = value.replace(/[\\"]/g, (c) => `\\${c}`);

        const filter = parseUserFilter(`given_name = "${escaped}"`);

        return filter?.value === value && matchesFilter(user({ attributes: { given_name: value } }), filter);
      }),
    );
  });
});
