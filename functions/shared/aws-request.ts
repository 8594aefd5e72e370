import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { optionalEnv, requireEnv } from './env';

/*
 * A few AWS operations sent as one SigV4-signed HTTPS request each, instead of through their SDK
 * clients: SES's SendEmail (Query API), Cognito's Admin operations (JSON 1.1 API), SQS's
 * SendMessageBatch and S3's DeleteObject. A client
 * brings its protocol, models and error classes (Cognito's about 33 kB minified, SES's about 25 kB)
 * into bundles that call one or two operations; the signer is the SDK's own, already in every
 * bundle for DynamoDB. Credentials come from the environment, where Lambda puts the role's (as the
 * bundles' credential shim does for the SDK clients). See docs/decisions/0002.
 */

/** An AWS service as this module calls it: its signing name and its endpoint. */
export interface AwsService {
  /** The SigV4 signing name: `ses`, `cognito-idp`. */
  readonly signingName: string;
  readonly endpoint: URL;
}

/**
 * The service's endpoint: `AWS_ENDPOINT_URL_<SERVICE>` when set (the local stand-ins; the SDK
 * clients honour the same variable), otherwise `https://<prefix>.<region>.amazonaws.com`. Read at
 * each request, as an SDK client reads it, so a test may point a loaded module at a stand-in.
 */
export function awsService(signingName: string, endpointEnv: string, hostPrefix: string): AwsService {
  return {
    signingName,
    get endpoint() {
      return new URL(optionalEnv(endpointEnv, `https://${hostPrefix}.${requireEnv('AWS_REGION')}.amazonaws.com`));
    },
  };
}

/** One signer per service, made at its first request: nothing of this runs at module load. */
const signers = new Map<string, SignatureV4>();
function signerFor(signingName: string): SignatureV4 {
  let signer = signers.get(signingName);
  if (!signer) {
    const region = requireEnv('AWS_REGION');
    signer = new SignatureV4({
      service: signingName,
      region,
      credentials: fromEnv(),
      sha256: Sha256,
      // S3 signs an object's path as sent, not escaped twice.
      uriEscapePath: signingName !== 's3',
    });
    signers.set(signingName, signer);
  }
  return signer;
}

/** An error an AWS service answered, named by its error code (`UserNotFoundException`, `Throttling` …). */
export interface AwsError extends Error {
  /** The HTTP status of the answer. */
  status: number;
}

/** Whether `error` is the AWS error `name` (what `instanceof XxxException` tells with an SDK client). */
export const isAwsError = (error: unknown, name: string): error is AwsError =>
  error instanceof Error && error.name === name;

/** Error codes worth another attempt, as the SDK's standard retry mode treats them; any 5xx too. */
const transient = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalErrorException',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const attempts = 3;

const retryable = (error: unknown) =>
  error instanceof Error &&
  (transient.has(error.name) ||
    error.name === 'TypeError' || // fetch's own failure: network, DNS, a reset connection
    ((error as Partial<AwsError>).status ?? 0) >= 500);

/** A request to send signed: the body, its headers, and how an error answer reads. */
export interface AwsRequest {
  /** @default 'POST' (to the service's endpoint; S3's DELETE goes to the object's) */
  method?: 'POST' | 'DELETE';
  headers: Record<string, string>;
  body: string;
  /** The error an answer with a status other than 2xx stands for. */
  errorOf(status: number, body: string, headers: Headers): AwsError;
}

async function sendOnce(service: AwsService, request: AwsRequest): Promise<string> {
  const { endpoint } = service;
  const method = request.method ?? 'POST';
  const signed = await signerFor(service.signingName).sign({
    method,
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: endpoint.pathname,
    headers: { ...request.headers, host: endpoint.host },
    body: request.body,
  });
  // fetch sets the host itself (and refuses to be given one).
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(endpoint, { method, headers, body: request.body });
  const text = await response.text();
  if (!response.ok) throw request.errorOf(response.status, text, response.headers);
  return text;
}

/**
 * Sends `request` to `service`, signed with the environment's credentials, and answers the body.
 * Throttling, 5xx answers and network failures are tried again (3 attempts in all, with jittered
 * backoff, as the SDK's standard mode); any other refusal is thrown at once as an {@link AwsError}.
 */
export async function sendSigned(service: AwsService, request: AwsRequest): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendOnce(service, request);
    } catch (error) {
      if (!retryable(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * Math.random()));
    }
  }
}

/** An {@link AwsError} named `name`. */
export function awsError(name: string, message: string, status: number): AwsError {
  return Object.assign(new Error(message), { name, status });
}

/**
 * The error of an AWS JSON protocol answer: its type from the body's `__type` (or `code`) or the
 * `x-amzn-errortype` header, without the namespace (`com.amazonaws…#UserNotFoundException`) or the
 * header's `:http://…` suffix. Every JSON-protocol caller reads its refusals so (Cognito, SQS, SES v2).
 */
export function jsonError(status: number, text: string, headers: Headers): AwsError {
  let body: { __type?: unknown; code?: unknown; message?: unknown; Message?: unknown } = {};
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    // Not JSON (a proxy's error page): the status names it.
  }
  const type = String(body.__type ?? body.code ?? headers.get('x-amzn-errortype') ?? '');
  const name = type.split(':')[0]?.split('#').pop() || (status >= 500 ? 'ServiceUnavailable' : `Http${status}`);
  const message = body.message ?? body.Message;
  return awsError(name, typeof message === 'string' ? message : `AWS answered HTTP ${status}`, status);
}

/**
 * A caller of an AWS JSON 1.1 API (`X-Amz-Target: <targetPrefix>.<Operation>`): sends the input
 * as JSON and answers the parsed output; a refusal is an {@link AwsError} named by its type.
 */
export function awsJsonApi(service: AwsService, targetPrefix: string) {
  return async <Output>(operation: string, input: object): Promise<Output> => {
    const text = await sendSigned(service, {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${targetPrefix}.${operation}` },
      body: JSON.stringify(input),
      errorOf: jsonError,
    });
    return (text.trim() === '' ? {} : JSON.parse(text)) as Output;
  };
}
