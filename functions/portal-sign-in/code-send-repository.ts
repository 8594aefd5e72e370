import * as z from 'zod/mini';
import { type AssignableType, codeSends, codeSendTicket, type PrimaryKey } from '#shared/data/keys';
import { getItem, putNew, putVersioned, type Step, transact, updateClaim, updateWrite } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';

/** An external user's recent code sends: the rate limit's window and the one outstanding code (R5). */
export const codeSendsSchema = lazySchema(() =>
  z.object({
    entity: z.literal('CodeSends'),
    accountId: z.string(),
    externalUserId: z.string(),
    /** ISO instants of the sends within the past hour, oldest first. */
    sentAt: z.array(z.string()),
    /** The newest send: only its code can be answered. */
    latestSendId: z.string(),
    /** The item the newest send's link is for: the item of its sign-in (none for a sign-in without a link). */
    latestSendItem: z.optional(z.object({ itemType: z.enum(['job', 'incident']), itemId: z.string() })),
    /**
     * The newest send's code has not signed anyone in yet. The PostAuthentication trigger clears it
     * as it records the sign-in, so a repeated invocation records nothing more.
     */
    awaitingSignIn: z.optional(z.boolean()),
    /** The last sign-in (the audit trail's "signed in"). */
    lastSignInAt: z.optional(z.string()),
    /** The external user exists in the portal pool (created lazily, at the first send). */
    portalUser: z.boolean(),
    version: z.int(),
  }),
);
export type CodeSends = z.infer<typeof codeSendsSchema>;

/**
 * One authorised send of a code. The sign-in request writes it with what the e-mail needs; the
 * CreateAuthChallenge trigger claims it once (reserved → issued) and keeps the code's digest on
 * it, so a repeated invocation finds the same code and sends nothing. TTL removes it.
 */
export const codeSendTicketSchema = lazySchema(() =>
  z.object({
    entity: z.literal('CodeSendTicket'),
    accountId: z.string(),
    sendId: z.string(),
    externalUserId: z.string(),
    email: z.string(),
    /** The link's item; none for a sign-in without a link (a client's, by account and address). */
    itemType: z.optional(z.enum(['job', 'incident'])),
    itemId: z.optional(z.string()),
    itemTitle: z.optional(z.string()),
    accountName: z.string(),
    state: z.enum(['reserved', 'issued']),
    requestedAt: z.string(),
    codeSalt: z.optional(z.string()),
    codeHash: z.optional(z.string()),
  }),
);
export type CodeSendTicket = z.infer<typeof codeSendTicketSchema>;

/** One GetItem: the external user's code sends, if any code was ever sent to them. */
export function findCodeSends(accountId: string, externalUserId: string): Promise<CodeSends | undefined> {
  return getItem(codeSends(accountId, externalUserId), codeSendsSchema);
}

export interface NewSend {
  accountId: string;
  externalUserId: string;
  sendId: string;
  email: string;
  /** The link's item; none for a sign-in without a link. */
  item?: { type: AssignableType; id: string; title: string };
  accountName: string;
}

const TICKET_TTL_SECONDS = 24 * 60 * 60;

/**
 * The writes that reserve a send, for one TransactWriteItems: the send window (conditional on the
 * version read, so two concurrent requests cannot both pass the limit) and the new ticket.
 */
export function reserveSendWrites(send: NewSend, previous: CodeSends | undefined, recent: string[], now: Date): Step[] {
  const sends = {
    ...codeSends(send.accountId, send.externalUserId),
    entity: 'CodeSends',
    accountId: send.accountId,
    externalUserId: send.externalUserId,
    sentAt: recent,
    latestSendId: send.sendId,
    ...(send.item ? { latestSendItem: { itemType: send.item.type, itemId: send.item.id } } : {}),
    awaitingSignIn: true,
    portalUser: true,
    version: (previous?.version ?? 0) + 1,
  } satisfies CodeSends & PrimaryKey;
  // expiresAt: epoch seconds, for DynamoDB's TTL (the data layer never reads it back).
  const { item, ...sender } = send;
  const ticket = {
    ...codeSendTicket(send.accountId, send.sendId),
    entity: 'CodeSendTicket',
    ...sender,
    ...(item ? { itemType: item.type, itemId: item.id, itemTitle: item.title } : {}),
    state: 'reserved',
    requestedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + TICKET_TTL_SECONDS,
  } satisfies CodeSendTicket & PrimaryKey & { expiresAt: number };
  return [
    { name: 'codeSends', write: previous ? putVersioned(sends, previous.version) : putNew(sends) },
    { name: 'ticket', write: putNew(ticket) },
  ];
}

/**
 * One TransactWriteItems: reserves a send (see `reserveSendWrites`); when another request for the
 * same user reserved one meanwhile, throws what `refused` makes.
 */
export async function reserveSend(
  send: NewSend,
  previous: CodeSends | undefined,
  recent: string[],
  now: Date,
  refused: () => Error,
): Promise<void> {
  await transact(reserveSendWrites(send, previous, recent, now), refused);
}

/**
 * Claims a reserved ticket for the external user, once: one conditional UpdateItem that moves it
 * to `issued` with the code's digest, answering the ticket, or undefined when it was claimed
 * already (a repeated trigger invocation), belongs to someone else or does not exist.
 */
export function claimTicket(
  accountId: string,
  sendId: string,
  externalUserId: string,
  digest: { salt: string; hash: string },
  now: Date,
): Promise<CodeSendTicket | undefined> {
  return updateClaim(
    updateWrite(codeSendTicket(accountId, sendId), {
      set: { state: 'issued', codeSalt: digest.salt, codeHash: digest.hash, issuedAt: now.toISOString() },
      expect: { state: 'reserved', externalUserId },
      countVersion: false,
    }),
    codeSendTicketSchema,
  );
}

/** One GetItem: a ticket, to find the code an earlier invocation issued for it. */
export function findTicket(accountId: string, sendId: string): Promise<CodeSendTicket | undefined> {
  return getItem(codeSendTicket(accountId, sendId), codeSendTicketSchema);
}

/**
 * Notes a sign-in on the user's code sends, once per code (one conditional UpdateItem): the write
 * the audit trail records as "signed in" (R17), made by the PostAuthentication trigger, which
 * every sign-in passes. Answers false when there is nothing to note: no code was sent, or this
 * code's sign-in is noted already (Cognito invoked the trigger again). Bookkeeping, so the send
 * window's version is not counted on.
 */
export async function recordSignIn(accountId: string, externalUserId: string, now: Date): Promise<boolean> {
  const noted = await updateClaim(
    updateWrite(codeSends(accountId, externalUserId), {
      set: { lastSignInAt: now.toISOString() },
      remove: ['awaitingSignIn'],
      expect: { entity: 'CodeSends', awaitingSignIn: true },
      countVersion: false,
    }),
    codeSendsSchema,
  );
  return noted !== undefined;
}

/** Why a code did not sign in: a wrong code, the third wrong one, or a session that is over. */
export type SignInFailureReason = 'incorrect' | 'locked_out' | 'expired';

/**
 * Notes a failed sign-in on the user's code sends (one UpdateItem, never the code): the audit
 * trail's "sign-in failed". Its time is fixed before the request, so a retried request writes the
 * same values and changes nothing. Answers false when no code was ever sent to the user.
 */
export async function recordSignInFailure(
  accountId: string,
  externalUserId: string,
  failure: { reason: SignInFailureReason; attemptsLeft: number; item?: { type: AssignableType; id: string } },
  now: Date,
): Promise<boolean> {
  const noted = await updateClaim(
    updateWrite(codeSends(accountId, externalUserId), {
      set: {
        lastSignInFailure: {
          at: now.toISOString(),
          reason: failure.reason,
          attemptsLeft: failure.attemptsLeft,
          ...(failure.item ? { itemType: failure.item.type, itemId: failure.item.id } : {}),
        },
      },
      expect: { entity: 'CodeSends' },
      countVersion: false,
    }),
    codeSendsSchema,
  );
  return noted !== undefined;
}
