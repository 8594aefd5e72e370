import { describe, expect, it } from 'vitest';
import { AuthSessions } from '../../local/cognito/auth/sessions';

const start = new Date('2026-11-23T09:00:00.000Z');

function sessionsAt(time: { now: Date }) {
  return new AuthSessions(() => time.now);
}

const challenge = {
  poolId: 'local_Staff',
  clientId: 'web',
  username: 'u1',
  challengeName: 'NEW_PASSWORD_REQUIRED',
  state: { step: 1 },
};

describe('challenge sessions', () => {
  it('hands back what was opened, flow state included', () => {
    const sessions = sessionsAt({ now: start });
    const token = sessions.open(challenge, 180);

    expect(sessions.claim(token)).toMatchObject(challenge);
  });

  it('refuses a second claim while the first answer is being checked', () => {
    const sessions = sessionsAt({ now: start });
    const token = sessions.open(challenge, 180);
    sessions.claim(token);

    expect(() => sessions.claim(token)).toThrow('Invalid session for the user.');
  });

  it('can be claimed again once released', () => {
    const sessions = sessionsAt({ now: start });
    const token = sessions.open(challenge, 180);
    sessions.claim(token);
    sessions.release(token);

    expect(sessions.claim(token)).toMatchObject({ username: 'u1' });
  });

  it('refuses a session that was ended', () => {
    const sessions = sessionsAt({ now: start });
    const token = sessions.open(challenge, 180);
    sessions.end(token);

    expect(() => sessions.claim(token)).toThrow('Invalid session for the user.');
  });

  it('refuses a session once its validity has passed', () => {
    const time = { now: start };
    const sessions = sessionsAt(time);
    const token = sessions.open(challenge, 180);
    time.now = new Date(start.getTime() + 180_000);

    expect(() => sessions.claim(token)).toThrow('Invalid session for the user, session is expired.');
  });

  it('accepts a session just before its validity ends', () => {
    const time = { now: start };
    const sessions = sessionsAt(time);
    const token = sessions.open(challenge, 180);
    time.now = new Date(start.getTime() + 179_999);

    expect(sessions.claim(token)).toMatchObject({ username: 'u1' });
  });

  it('refuses a session string it never issued', () => {
    const sessions = sessionsAt({ now: start });
    sessions.open(challenge, 180);

    expect(() => sessions.claim('x'.repeat(64))).toThrow('Invalid session for the user.');
  });

  it('issues a different session string every time', () => {
    const sessions = sessionsAt({ now: start });

    expect(sessions.open(challenge, 180)).not.toBe(sessions.open(challenge, 180));
  });
});
