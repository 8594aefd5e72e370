/*
 * The cost of 1,000 portal sessions (1 load + 20 autosaves), request path and stream consumer,
 * without e-mail and Cognito, from the session the bench measured. Prices: on-demand list prices
 * (us-east-1, after the November 2024 DynamoDB cut), arm64 Lambda.
 */

export const prices = {
  /** HTTP API, per million requests. */
  httpApiPerMillion: 1.0,
  /** Lambda, per million requests. */
  lambdaRequestsPerMillion: 0.2,
  /** Lambda arm64, per GB-second. */
  lambdaPerGbSecond: 0.0000133334,
  /** DynamoDB on-demand, per million write request units. */
  wruPerMillion: 0.625,
  /** DynamoDB on-demand, per million read request units. */
  rruPerMillion: 0.125,
} as const;

/**
 * The functions as deployed and how long their invocations are assumed to take. Memory: the
 * FieldPassFunction default (lib/constructs/fieldpass-function.ts), which the routes and both
 * stream consumers use. Durations are assumed, not measured (this machine's timings say nothing
 * about Lambda's): a warm API handler making one or two round trips to DynamoDB, and a stream
 * invocation handling one record (its audit entry, or its completion check), both rounded up
 * generously. Fixed assumptions keep the cost a deterministic figure.
 */
export const lambdaModel = {
  memoryMb: 256,
  architecture: 'arm64',
  assumedDurationMs: { requestPath: 100, streamConsumer: 150 },
} as const;

/** What one measured session consumed. */
export interface SessionUse {
  /** HTTP API requests (each one request-path Lambda invocation). */
  apiRequests: number;
  requestPath: { rru: number; wru: number };
  /**
   * Stream records the session's writes produced, the stream consumers' own writes included, and
   * the invocations of the records each consumer's event filter let through (`delivered`): the
   * records consumer's and the reactions consumer's, so a record both act on (an answer) counts twice. Each
   * delivered record is taken as one invocation: autosaves come seconds apart, and the mappings'
   * batching window is 0. Records a filter drops invoke nothing and are not billed.
   */
  stream: { records: number; delivered: number; rru: number; wru: number };
}

export interface CostLine {
  item: string;
  arithmetic: string;
  dollars: number;
}

export interface CostResult {
  sessions: 1000;
  lines: CostLine[];
  /** Dollars per 1,000 sessions. */
  total: number;
}

const usd = (n: number) => `$${n.toFixed(4)}`;
const r4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The cost of 1,000 sessions like `session`, line by line with the arithmetic. */
export function costPer1000Sessions(session: SessionUse): CostResult {
  const n = 1000;
  const invocations = session.apiRequests + session.stream.delivered;
  const seconds =
    (session.apiRequests * lambdaModel.assumedDurationMs.requestPath +
      session.stream.delivered * lambdaModel.assumedDurationMs.streamConsumer) /
    1000;
  const gb = lambdaModel.memoryMb / 1024;
  const wru = session.requestPath.wru + session.stream.wru;
  const rru = session.requestPath.rru + session.stream.rru;
  const lines: CostLine[] = [
    {
      item: 'HTTP API requests',
      arithmetic: `${session.apiRequests} × ${n} × $${prices.httpApiPerMillion.toFixed(2)}/M`,
      dollars: (session.apiRequests * n * prices.httpApiPerMillion) / 1e6,
    },
    {
      item: 'Lambda requests',
      arithmetic: `(${session.apiRequests} API + ${session.stream.delivered} stream, of ${session.stream.records} stream records) × ${n} × $${prices.lambdaRequestsPerMillion.toFixed(2)}/M`,
      dollars: (invocations * n * prices.lambdaRequestsPerMillion) / 1e6,
    },
    {
      item: 'Lambda duration',
      arithmetic: `(${session.apiRequests} × ${lambdaModel.assumedDurationMs.requestPath} ms + ${session.stream.delivered} × ${lambdaModel.assumedDurationMs.streamConsumer} ms) × ${gb} GB × ${n} × $${prices.lambdaPerGbSecond}/GB-s`,
      dollars: seconds * gb * n * prices.lambdaPerGbSecond,
    },
    {
      item: 'DynamoDB writes',
      arithmetic: `(${session.requestPath.wru} request path + ${session.stream.wru} stream) WRU × ${n} × $${prices.wruPerMillion}/M`,
      dollars: (wru * n * prices.wruPerMillion) / 1e6,
    },
    {
      item: 'DynamoDB reads',
      arithmetic: `(${session.requestPath.rru} request path + ${session.stream.rru} stream) RRU × ${n} × $${prices.rruPerMillion}/M`,
      dollars: (rru * n * prices.rruPerMillion) / 1e6,
    },
  ].map((line) => ({
    ...line,
    dollars: r4(line.dollars),
    arithmetic: `${line.arithmetic} = ${usd(r4(line.dollars))}`,
  }));
  return { sessions: n, lines, total: r4(lines.reduce((sum, line) => sum + line.dollars, 0)) };
}
