import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** An SES stand-in that answers each SendEmail with the next scripted answer and keeps what it got. */
const answers: { status: number; body: string }[] = [];
const received: { authorization: string; form: URLSearchParams }[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({ authorization: String(request.headers.authorization), form: new URLSearchParams(body) });
    const answer = answers.shift() ?? { status: 200, body: '<SendEmailResponse/>' };
    response.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
  });
});
const refusal = (code: string, message: string) =>
  `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error></ErrorResponse>`;

let send: (email: { to: string; subject: string; text: string; html: string }) => Promise<void>;
const email = { to: 'sam@example.com', subject: 'Your link', text: 'Hello', html: '<p>Hello</p>' };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_SES = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { sesSender } = await import('#shared/email');
  send = sesSender('no-reply@fieldpass.test', 'fieldpass-test');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  answers.length = 0;
  received.length = 0;
});

describe('sending e-mail through SES', () => {
  it('sends one signed SendEmail with the sender, the recipient and both parts in UTF-8', async () => {
    await send(email);
    expect(received).toHaveLength(1);
    const [{ authorization, form }] = received as [(typeof received)[number]];
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=\S+\/ses\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
    );
    expect(Object.fromEntries(form)).toMatchObject({
      Action: 'SendEmail',
      Source: 'no-reply@fieldpass.test',
      'Destination.ToAddresses.member.1': 'sam@example.com',
      'Message.Subject.Data': 'Your link',
      'Message.Body.Text.Data': 'Hello',
      'Message.Body.Html.Data': '<p>Hello</p>',
      'Message.Body.Html.Charset': 'UTF-8',
    });
  });

  it("throws SES's refusal named by its error code, without trying again", async () => {
    answers.push({ status: 400, body: refusal('MessageRejected', 'Email address is not verified.') });
    await expect(send(email)).rejects.toMatchObject({
      name: 'MessageRejected',
      message: 'Email address is not verified.',
    });
    expect(received).toHaveLength(1);
  });

  it('tries again when SES throttles, and succeeds on a later attempt', async () => {
    answers.push({ status: 400, body: refusal('Throttling', 'Maximum sending rate exceeded.') });
    answers.push({ status: 503, body: '' });
    await send(email);
    expect(received).toHaveLength(3);
  });

  it('gives up after three attempts and throws the last error', async () => {
    for (let i = 0; i < 3; i++)
      answers.push({ status: 400, body: refusal('Throttling', 'Maximum sending rate exceeded.') });
    await expect(send(email)).rejects.toMatchObject({ name: 'Throttling' });
    expect(received).toHaveLength(3);
  });
});
