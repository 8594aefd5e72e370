import type { StreamChange } from './stream-change';

/**
 * The attributes in which writers record when they wrote (ISO instants from their clock). Times
 * people enter (due, raised, occurred) and expiry times are not among them.
 */
const WRITE_TIMES = [
  'updatedAt',
  'createdAt',
  'answeredAt',
  'confirmedAt',
  'assignedAt',
  'revokedAt',
  'linkRequestedAt',
  'linkIssuedAt',
  'emailSentAt',
  'emailFailedAt',
  'requestedAt',
  'lastSignInAt',
  'acceptedAt',
  'viewedAt',
  'at',
] as const;

/** The latest write time among an image's attributes that `pick` keeps, in epoch ms. */
function latest(image: Record<string, unknown> | undefined, pick: (name: string) => boolean = () => true) {
  let found: number | undefined;
  for (const name of WRITE_TIMES) {
    const value = image?.[name];
    const time = typeof value === 'string' && pick(name) ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(time) && (found === undefined || time > found)) found = time;
  }
  return found;
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
