import type { StreamChange } from '#shared/stream-change';

/**
 * The attributes in which writers record when they wrote (ISO instants from their clock), e.g.
 * `updatedAt`, `answeredAt`, `revokedAt`, `emailFailedAt`, a tombstone's `deletedAt` and the refused change's `at`. Times
 * people enter (due, raised, occurred) and expiry times are not among them.
 */
const WRITE_TIME =
  /^((updated|created|answered|confirmed|assigned|revoked|linkRequested|linkIssued|emailSent|emailFailed|requested|lastSignIn|accepted|viewed|deleted)At|at)$/;

/** The latest write time among an image's attributes that `pick` keeps, in epoch ms. */
function latest(image: Record<string, unknown> | undefined, pick: (name: string) => boolean = () => true) {
  const times = Object.entries(image ?? {})
    .filter(([name, value]) => WRITE_TIME.test(name) && typeof value === 'string' && pick(name))
    .map(([, value]) => Date.parse(value as string))
    .filter((time) => !Number.isNaN(time));
  return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * When a change was made, to the millisecond, from the record itself: the latest write time the
 * change set (e.g. an edit's `updatedAt`, a revocation's `revokedAt`). A deletion, a TTL expiry or
 * a write that sets no time falls back to the stream record's approximate creation time (whole
 * seconds; DynamoDB Local: whole minutes). Never earlier than the times the record held before,
 * so the entries of one record keep the order of its changes.
 */
export function timeOfChange(change: StreamChange): Date {
  const after = change.newImage;
  const before = change.oldImage;
  const written = change.isTtlExpiry || !after ? undefined : latest(after, (name) => after[name] !== before?.[name]);
  const times = [written ?? change.approximateCreationTime?.getTime(), latest(before)].filter(
    (time): time is number => time !== undefined,
  );
  return times.length > 0 ? new Date(Math.max(...times)) : (change.approximateCreationTime ?? new Date());
}

/** The latest write time an image holds (ISO-8601), e.g. an assignment's `updatedAt` or its later `emailSentAt`. */
export function latestWriteTime(image: Record<string, unknown> | undefined): string | undefined {
  const time = latest(image);
  return time === undefined ? undefined : new Date(time).toISOString();
}
