import { describe, expect, it } from 'vitest';
import { configDefaults, isProduction, readConfig } from '../../lib/config';

/** A context reader over a plain object, as `app.node.tryGetContext` would answer. */
const from = (context: Record<string, unknown>) => (key: string) => context[key];

describe('the deployment configuration', () => {
  it('falls back to the documented defaults when no context is given', () => {
    expect(readConfig(from({}))).toEqual({ ...configDefaults, webOrigins: [] });
  });

  it('treats an empty value as not set', () => {
    expect(readConfig(from({ stage: '', alarmTopicArn: '', webOrigins: '' }))).toEqual({
      ...configDefaults,
      webOrigins: [],
    });
  });

  it('leaves the portal URL unset by default: the portal site serves at its own CloudFront URL', () => {
    expect(readConfig(from({})).portalUrl).toBeUndefined();
    expect(readConfig(from({ portalUrl: '' })).portalUrl).toBeUndefined();
    expect(readConfig(from({})).staffUrl).toBeUndefined();
    expect(readConfig(from({ staffUrl: '' })).staffUrl).toBeUndefined();
  });

  it('reads every value the CLI passes', () => {
    const config = readConfig(
      from({
        stage: 'prod',
        senderEmail: 'no-reply@fieldpass.test',
        portalUrl: 'https://portal.fieldpass.test',
        staffUrl: 'https://staff.fieldpass.test',
        alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms',
        webOrigins: 'https://staff.fieldpass.test,https://admin.fieldpass.test',
      }),
    );

    expect(config).toEqual({
      stage: 'prod',
      senderEmail: 'no-reply@fieldpass.test',
      portalUrl: 'https://portal.fieldpass.test',
      staffUrl: 'https://staff.fieldpass.test',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms',
      webOrigins: ['https://staff.fieldpass.test', 'https://admin.fieldpass.test'],
    });
  });

  it('accepts web origins as a list from cdk.json and trims them', () => {
    expect(
      readConfig(from({ webOrigins: [' https://staff.fieldpass.test ', 'http://localhost:5173/'] })).webOrigins,
    ).toEqual(['https://staff.fieldpass.test', 'http://localhost:5173']);
  });

  it.each([
    ['an upper-case stage', { stage: 'Prod' }, /stage/],
    ['a stage with a space', { stage: 'my stage' }, /stage/],
    ['a stage that would make an over-long stack name', { stage: 'a'.repeat(21) }, /stage/],
    ['a sender that is not an address', { senderEmail: 'fieldpass' }, /senderEmail/],
    ['a portal URL that is not a URL', { portalUrl: 'portal' }, /portalUrl/],
    ['a plain-http staff URL on a public host', { staffUrl: 'http://staff.fieldpass.test' }, /staffUrl/],
    ['a plain-http portal URL on a public host', { portalUrl: 'http://portal.fieldpass.test' }, /portalUrl/],
    [
      'an alarm topic that is not an SNS ARN',
      { alarmTopicArn: 'arn:aws:sqs:eu-west-1:123456789012:q' },
      /alarmTopicArn/,
    ],
    ['a web origin with a path', { webOrigins: 'https://staff.fieldpass.test/app' }, /webOrigins/],
    ['a wildcard web origin', { webOrigins: '*' }, /webOrigins/],
    ['a plain-http web origin on a public host', { webOrigins: 'http://staff.fieldpass.test' }, /webOrigins/],
    ['a non-string stage', { stage: 3 }, /stage/],
  ])('refuses %s, naming the context key', (_case, context, key) => {
    expect(() => readConfig(from(context))).toThrow(key);
  });

  it('treats only the prod stage as production', () => {
    expect(isProduction({ stage: 'prod' })).toBe(true);
    expect(isProduction({ stage: 'production-test' })).toBe(false);
    expect(isProduction({ stage: 'dev' })).toBe(false);
  });
});
