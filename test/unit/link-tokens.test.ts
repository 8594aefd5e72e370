import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashLinkToken, linkTokenPattern, linkUrl, newLinkToken } from '../../functions/links/link-token';

describe('link tokens', () => {
  it('are 43 base64url characters: 256 bits, above the 128 R7 asks for', () => {
    const { token } = newLinkToken();

    expect(token).toMatch(linkTokenPattern);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeat over 10,000 draws, and use every base64url character', () => {
    const tokens = Array.from({ length: 10_000 }, () => newLinkToken().token);

    expect(new Set(tokens).size).toBe(tokens.length);
    expect(new Set(tokens.join('')).size).toBe(64);
  });

  it('are kept only as their SHA-256, base64url', () => {
    const { token, hash } = newLinkToken();

    expect(hash).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(hash).not.toContain(token);
    expect(hashLinkToken('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it("go in the link's fragment, after the configured portal URL", () => {
    expect(linkUrl('https://portal.example.com/', 'T0KEN')).toBe('https://portal.example.com/#/l/T0KEN');
    expect(linkUrl('https://example.com/portal', 'T0KEN')).toBe('https://example.com/portal/#/l/T0KEN');
    expect(new URL(linkUrl('https://portal.example.com', 'T0KEN')).hash).toBe('#/l/T0KEN');
  });
});
