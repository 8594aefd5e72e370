import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOn } from '../ports';
import type { LocalQueue } from './local-queue';

/** SQS's largest message, and largest batch request (the sum of its bodies): 256 KiB. */
const maxBytes = 256 * 1024;

class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type Input = Record<string, unknown>;

/** The operations of SQS's JSON protocol the stand-in answers. */
function operations(queues: readonly LocalQueue[]) {
  const byUrl = (input: Input) => {
    // By the path's last part: clients may name the host differently (localhost, 127.0.0.1).
    const name = String(input.QueueUrl ?? '')
      .split('/')
      .pop();
    const queue = queues.find((each) => each.name === name);
    if (!queue) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  };
  const byArn = (arn: unknown) => {
    const queue = queues.find((each) => each.arn === arn);
    if (!queue) throw new SqsError('ResourceNotFoundException', `No queue ${String(arn)}.`);
    return queue;
  };
  const entry = (message: { messageId: string; md5OfBody: string }, id?: unknown) => ({
    ...(id === undefined ? {} : { Id: id }),
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
  });
  return {
    SendMessage: (input: Input) => {
      const queue = byUrl(input);
      if (typeof input.MessageBody !== 'string' || input.MessageBody === '') {
        throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
      }
      if (Buffer.byteLength(input.MessageBody) > maxBytes) {
        throw new SqsError('InvalidParameterValue', 'The message is longer than 262144 bytes.');
      }
      return entry(queue.send(input.MessageBody));
    },
    SendMessageBatch: (input: Input) => {
      const queue = byUrl(input);
      const entries = Array.isArray(input.Entries) ? (input.Entries as Input[]) : [];
      if (entries.length === 0) throw new SqsError('EmptyBatchRequest', 'There should be at least one entry.');
      if (entries.length > 10) throw new SqsError('TooManyEntriesInBatchRequest', 'Maximum number of entries is 10.');
      const ids = entries.map((each) => each.Id);
      if (new Set(ids).size !== ids.length) throw new SqsError('BatchEntryIdsNotDistinct', 'Ids must be distinct.');
      const total = entries.reduce((sum, each) => sum + Buffer.byteLength(String(each.MessageBody ?? '')), 0);
      if (total > maxBytes) throw new SqsError('BatchRequestTooLong', 'The batch is longer than 262144 bytes.');
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const each of entries) {
        if (typeof each.MessageBody !== 'string' || each.MessageBody === '') {
          Failed.push({ Id: each.Id, SenderFault: true, Code: 'MissingParameter', Message: 'No MessageBody.' });
        } else Successful.push(entry(queue.send(each.MessageBody), each.Id));
      }
      return { Successful, Failed };
    },
    GetQueueAttributes: (input: Input) => {
      const { visible, inFlight } = byUrl(input).counts();
      return {
        Attributes: {
          ApproximateNumberOfMessages: String(visible),
          ApproximateNumberOfMessagesNotVisible: String(inFlight),
        },
      };
    },
    StartMessageMoveTask: (input: Input) => {
      const source = byArn(input.SourceArn);
      // Without a destination, SQS moves a dead-letter queue's messages back to their source queue.
      const destination =
        input.DestinationArn === undefined
          ? queues.find((each) => each.deadLetterQueue === source)
          : byArn(input.DestinationArn);
      if (!destination) throw new SqsError('InvalidParameterValue', "The source is no queue's dead-letter queue.");
      source.moveAllTo(destination);
      return { TaskHandle: `${source.name}-${Date.now()}` };
    },
  } satisfies Record<string, (input: Input) => unknown>;
}

/**
 * The local stand-in for SQS's endpoint (`AWS_ENDPOINT_URL_SQS`): the JSON protocol
 * (`X-Amz-Target: AmazonSQS.<Operation>`, `application/x-amz-json-1.0`) that the product's signed
 * sender (`functions/shared/sqs-queue.ts`) and the SDK's SQS client speak, for SendMessage,
 * SendMessageBatch (at most 10 entries, distinct ids, 256 KiB), GetQueueAttributes and
 * StartMessageMoveTask (a dead-letter queue's messages back to its source). Errors are SQS's
 * (`__type` and `message`, HTTP 400). Signatures are not checked.
 */
export async function startLocalSqs(options: { port: number; queues: readonly LocalQueue[] }) {
  const answer = operations(options.queues);
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    readBody(req)
      .then((text) => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const operation = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
        const run = (answer as Record<string, ((input: Input) => unknown) | undefined>)[operation];
        if (req.method !== 'POST' || !run)
          throw new SqsError('InvalidAction', `Unsupported action ${target || '(none)'}.`);
        let input: Input;
        try {
          input = text ? (JSON.parse(text) as Input) : {};
        } catch {
          throw new SqsError('SerializationException', 'The body is not JSON.');
        }
        reply(res, 200, run(input));
      })
      .catch((error: Error) => {
        const known = error instanceof SqsError;
        reply(res, known ? error.status : 500, {
          __type: `com.amazonaws.sqs#${known ? error.type : 'InternalError'}`,
          message: error.message,
        });
      });
  });
  await listenOn(server, options.port);
  return { endpoint: `http://127.0.0.1:${options.port}`, stop: () => closeServer(server) };
}
