import { describe, expect, it } from 'vitest';
import { type LocalUserPoolConfig, resolvePools } from '../../local/cognito/config';

const pool = (overrides: Partial<LocalUserPoolConfig> = {}): LocalUserPoolConfig => ({
  id: 'local_Staff',
  clients: [{ id: 'web', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
  ...overrides,
});

describe('local Cognito pool configuration', () => {
  it("applies Cognito's defaults: 60-minute tokens, 30-day refresh tokens, 3-minute sessions", () => {
    const { pools, clients } = resolvePools([pool()]);

    expect(clients.get('web')).toMatchObject({
      poolId: 'local_Staff',
      idTokenValiditySeconds: 3600,
      accessTokenValiditySeconds: 3600,
      refreshTokenValiditySeconds: 30 * 24 * 3600,
    });
    expect(pools.get('local_Staff')).toMatchObject({ authSessionValiditySeconds: 180, signInWithEmail: false });
  });

  it('signs in with email when usernameAttributes includes email', () => {
    const { pools } = resolvePools([pool({ usernameAttributes: ['email'] })]);

    expect(pools.get('local_Staff')?.signInWithEmail).toBe(true);
  });

  it('refuses two clients with one id, even in different pools', () => {
    const twice = () => resolvePools([pool(), pool({ id: 'local_Other' })]);

    expect(twice).toThrow(/duplicate client id "web"/);
  });

  it('refuses two pools with one id', () => {
    expect(() => resolvePools([pool(), pool({ clients: [] })])).toThrow(/duplicate pool id/);
  });

  it.each(['Staff', 'local/Staff', 'local_Sta ff', '../x_y'])(
    'refuses the pool id %j, which would not be a safe issuer path',
    (id) => {
      expect(() => resolvePools([pool({ id })])).toThrow(/invalid pool id/);
    },
  );

  it('refuses an auth flow Cognito does not know', () => {
    const config = pool({ clients: [{ id: 'web', explicitAuthFlows: ['ALLOW_EVERYTHING'] }] });

    expect(() => resolvePools([config])).toThrow(/unknown auth flow "ALLOW_EVERYTHING"/);
  });

  it('refuses a token validity outside what Cognito allows', () => {
    const config = pool({ clients: [{ id: 'web', explicitAuthFlows: [], idTokenValidityMinutes: 2 }] });

    expect(() => resolvePools([config])).toThrow(/idTokenValidityMinutes/);
  });

  it('refuses an auth session validity outside 3 to 15 minutes', () => {
    expect(() => resolvePools([pool({ authSessionValidityMinutes: 60 })])).toThrow(/authSessionValidityMinutes/);
  });
});
