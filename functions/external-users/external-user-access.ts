/**
 * Whether the record grants portal access at `now`: active and not past its auto-disable date.
 * Every link and sign-in check asks this, so the date needs no job to take effect.
 */
export function hasAccess(user: { status: string; autoDisableAt?: string | undefined }, now: Date): boolean {
  return (
    user.status === 'active' && (user.autoDisableAt === undefined || now.getTime() < Date.parse(user.autoDisableAt))
  );
}
