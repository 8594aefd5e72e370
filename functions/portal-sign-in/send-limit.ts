/** At least this long between two sends to one external user (R5). */
export const minSecondsBetweenSends = 60;

/** At most this many sends to one external user in any hour (R5). */
export const maxSendsPerHour = 5;

const HOUR_MS = 60 * 60 * 1000;

/** Whether a code may be sent now, given the recent sends (ISO instants, any order). */
export type SendDecision = { allowed: true; recent: string[] } | { allowed: false; retryAfterSeconds: number };

/**
 * The sliding-window limit, pure: refused while the last send is under a minute old or five sends
 * fall within the past hour, with the seconds until a send is allowed again. When allowed,
 * `recent` is the window to store: the sends of the past hour plus this one, oldest first.
 */
export function decideSend(previous: readonly string[], now: Date): SendDecision {
  const at = now.getTime();
  const inWindow = previous
    .map((instant) => Date.parse(instant))
    .filter((time) => Number.isFinite(time) && time > at - HOUR_MS)
    .sort((a, b) => a - b);
  const waits: number[] = [];
  const last = inWindow.at(-1);
  if (last !== undefined && at - last < minSecondsBetweenSends * 1000) {
    waits.push(last + minSecondsBetweenSends * 1000 - at);
  }
  if (inWindow.length >= maxSendsPerHour) {
    // The send that must leave the window before another fits in it.
    const oldest = inWindow[inWindow.length - maxSendsPerHour] ?? at;
    waits.push(oldest + HOUR_MS - at);
  }
  if (waits.length > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
  return { allowed: true, recent: [...inWindow.map((time) => new Date(time).toISOString()), now.toISOString()] };
}
