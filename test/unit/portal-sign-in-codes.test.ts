import type { DefineAuthChallengeTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { codeEmail } from '../../functions/portal-sign-in/code-email';
import { defineEmailCodeChallenge } from '../../functions/portal-sign-in/email-code';
import { maskEmail } from '../../functions/portal-sign-in/masked-email';
import { codeMatches, digestCode, newOneTimeCode } from '../../functions/portal-sign-in/one-time-code';
import { decideSend } from '../../functions/portal-sign-in/send-limit';

describe('one-time codes', () => {
  it('are six digits, and over 100,000 codes every digit 0–9 appears in every position', () => {
    const seen = Array.from({ length: 6 }, () => new Set<string>());
    for (let i = 0; i < 100_000; i++) {
      const code = newOneTimeCode();
      expect(code).toMatch(/^\d{6}$/);
      for (let position = 0; position < 6; position++) seen[position]?.add(code[position] as string);
    }
    for (const digits of seen) expect([...digits].sort().join('')).toBe('0123456789');
  });

  it('are kept only as a salted digest that the right code matches and nothing else does', async () => {
    const digest = await digestCode('042517');
    expect(JSON.stringify(digest)).not.toContain('042517');
    expect((await digestCode('042517')).hash).not.toBe(digest.hash);
    expect(await codeMatches('042517', digest)).toBe(true);
    for (const wrong of ['042518', '42517', '0425170', '', ' 042517'])
      expect(await codeMatches(wrong, digest)).toBe(false);
  });
});

describe('the DefineAuthChallenge decision', () => {
  const define = (results: boolean[], extra: Partial<DefineAuthChallengeTriggerEvent['request']> = {}) =>
    defineEmailCodeChallenge({
      request: {
        userAttributes: {},
        session: results.map((challengeResult) => ({ challengeName: 'CUSTOM_CHALLENGE', challengeResult })),
        ...extra,
      },
      response: { challengeName: '', issueTokens: false, failAuthentication: false },
    } as unknown as DefineAuthChallengeTriggerEvent).response;

  it('asks for the code first, and again after one or two wrong answers', () => {
    for (const results of [[], [false], [false, false]]) {
      expect(define(results)).toMatchObject({
        challengeName: 'CUSTOM_CHALLENGE',
        issueTokens: false,
        failAuthentication: false,
      });
    }
  });

  it('issues tokens after a right answer', () => {
    expect(define([true])).toMatchObject({ issueTokens: true, failAuthentication: false });
    expect(define([false, false, true])).toMatchObject({ issueTokens: true });
  });

  it('fails the sign-in after the third wrong answer', () => {
    expect(define([false, false, false])).toMatchObject({ issueTokens: false, failAuthentication: true });
  });

  it('never issues tokens to a user that does not exist, nor after a challenge of another kind', () => {
    expect(define([true], { userNotFound: true })).toMatchObject({ issueTokens: false, failAuthentication: true });
    const foreign = defineEmailCodeChallenge({
      request: { userAttributes: {}, session: [{ challengeName: 'PASSWORD_VERIFIER', challengeResult: true }] },
      response: { challengeName: '', issueTokens: false, failAuthentication: false },
    } as unknown as DefineAuthChallengeTriggerEvent).response;
    expect(foreign).toMatchObject({ issueTokens: false, failAuthentication: true });
  });
});

describe('the send limit', () => {
  const at = (iso: string) => new Date(iso);
  const base = Date.parse('2026-12-01T10:00:00Z');
  const plus = (seconds: number) => new Date(base + seconds * 1000).toISOString();

  it('allows the first send and keeps it as the window', () => {
    expect(decideSend([], at(plus(0)))).toEqual({ allowed: true, recent: [plus(0)] });
  });

  it('refuses a send under 60 seconds after the last, saying how long to wait', () => {
    expect(decideSend([plus(0)], at(plus(45)))).toEqual({ allowed: false, retryAfterSeconds: 15 });
    expect(decideSend([plus(0)], at(plus(60)))).toMatchObject({ allowed: true });
  });

  it('refuses a sixth send within an hour until the oldest leaves the window', () => {
    const five = [0, 100, 200, 300, 400].map(plus);
    expect(decideSend(five, at(plus(500)))).toEqual({ allowed: false, retryAfterSeconds: 3100 });
    expect(decideSend(five, at(plus(3600)))).toEqual({
      allowed: true,
      recent: [...five.slice(1), plus(3600)],
    });
  });

  it('ignores sends older than an hour and unreadable entries', () => {
    expect(decideSend(['garbage', plus(-4000)], at(plus(0)))).toEqual({ allowed: true, recent: [plus(0)] });
  });
});

describe('the code e-mail', () => {
  const email = codeEmail(
    { to: 'ada@example.com', item: { type: 'job', title: 'Gate <C> & "D"' }, accountName: 'Arena <Ltd>' },
    '042517',
  );

  it('names the item and who sent it, and keeps the code out of the subject', () => {
    expect(email.subject).toBe('Your FieldPass code for Gate <C> & "D"');
    expect(email.subject).not.toContain('042517');
    expect(email.text).toContain('Arena <Ltd> sent you a FieldPass link for the job "Gate <C> & "D"".');
    expect(email.text).toContain('Your code: 042517');
    expect(email.text).toContain('expires in 10 minutes');
  });

  it('escapes the title and the account name in HTML', () => {
    expect(email.html).toContain('Arena &lt;Ltd&gt;');
    expect(email.html).toContain('Gate &lt;C&gt; &amp; &quot;D&quot;');
    expect(email.html).not.toContain('<C>');
  });

  it('names the account and no item for a sign-in without a link, escaping the name in HTML', () => {
    const client = codeEmail({ to: 'ada@example.com', accountName: 'Arena <Ltd>' }, '042517');
    expect(client.subject).toBe('Your FieldPass code for Arena <Ltd>');
    expect(client.text).toContain("You asked to sign in to Arena <Ltd>'s FieldPass client portal.");
    expect(client.text).toContain('Your code: 042517');
    expect(client.html).toContain('Arena &lt;Ltd&gt;');
    expect(client.html).not.toContain('<Ltd>');
  });

  it('shows where the code went without the whole address', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j•••@e•••.com');
    expect(maskEmail('a@b.co.uk')).toBe('a•••@b•••.uk');
    expect(maskEmail('x@localhost')).toBe('x•••@l•••');
  });
});
