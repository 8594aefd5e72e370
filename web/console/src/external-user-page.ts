import { type Child, h, show } from '../../src/dom';
import { ApiError, call, query } from './api';
import { promoteForm } from './external-users';
import { notFound } from './not-found';
import { isAdminRole, whyNot } from './permissions';
import { deliverabilityNote } from './staff-users';
import type {
  AuditEntry,
  ExternalAssignment,
  ExternalUserRecord,
  ImpersonationStarted,
  Me,
  Page,
  StaffUser,
  WorkItem,
} from './types';
import { actionButton, busy, card, field, link, messageArea, statusNames, when } from './ui';

/*
 * One external user's page (`/external-users/<id>`): their details with an edit of what PATCH
 * takes (name, auto-disable date; the address never changes), disable or enable, promote, whether
 * e-mail reaches them (and its reset), their assignments with the link e-mail's status and the
 * link's state (resend a link; revoke with a reason), their activity, and "Impersonate": the portal
 * opened as them, read-only (User Admins and Account Admins; docs/client-access.md#impersonation).
 */

const config = (globalThis as { FIELDPASS_CONFIG?: { portalUrl?: string } }).FIELDPASS_CONFIG;

const emailStatusNames: Record<string, string> = {
  pending: 'being sent',
  sent: 'sent',
  failed: 'failed (resend the link to try again)',
  bounced: 'bounced',
  complained: 'marked as spam',
};

/** `answer_saved` → "Answer saved". */
const actionName = (action: string) => action.charAt(0).toUpperCase() + action.slice(1).replaceAll('_', ' ');

/** `datetime-local`'s value for an ISO time, in the browser's time zone. */
const localInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const whyNotImpersonate = (me: Me, user: ExternalUserRecord) => {
  if (me.role !== 'account_admin' && me.role !== 'user_admin')
    return 'Only Account Admins and User Admins view the portal as an external user.';
  if (!user.hasAccess) return 'They have no portal access (disabled, past their auto-disable date or promoted).';
  if (!config?.portalUrl) return 'The portal’s address is not configured here.';
  return undefined;
};

export async function externalUserPage(me: Me, id: string): Promise<unknown> {
  const user = await call<ExternalUserRecord>('GET', `/external-users/${encodeURIComponent(id)}`).catch((error) => {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return undefined;
    throw error;
  });
  if (!user) return notFound;
  const message = messageArea();
  show(
    h('p', { className: 'crumbs' }, link('/external-users', 'External users')),
    h('h1', {}, `${user.givenName} ${user.familyName}`),
    message.element,
    details(me, user, message),
    await assignmentsSection(me, user),
    await activitySection(me, user),
  );
}

/** Redraws the page after a change, keeping the outcome said. */
async function redraw(me: Me, id: string, said: string) {
  await externalUserPage(me, id);
  const area = document.querySelector('#main .message');
  if (area) {
    area.className = 'message ok';
    area.textContent = said;
  }
}

function details(me: Me, user: ExternalUserRecord, message: ReturnType<typeof messageArea>) {
  const name = `${user.givenName} ${user.familyName}`;
  const manage = whyNot.manageExternalUsers(me);
  const post =
    (path: string, said: string, body: object | null = { version: user.version }) =>
    async () => {
      message.clear();
      try {
        await call('POST', `/external-users/${user.id}/${path}`, body ?? undefined);
        await redraw(me, user.id, said);
      } catch (error) {
        message.fail(error);
      }
    };
  const controls = h('div', { className: 'actions' });
  if (user.status === 'active')
    controls.append(actionButton(`Disable ${name}`, manage, post('disable', `${name} is disabled.`)));
  if (user.status === 'disabled')
    controls.append(actionButton(`Enable ${name}`, manage, post('enable', `${name} is enabled.`)));
  if (user.status !== 'promoted') {
    controls.append(
      actionButton(`Promote ${name}`, whyNot.promote(me), () => {
        controls.replaceChildren(
          promoteForm(me, user, () => void redraw(me, user.id, `${name} is now a staff user.`), message),
        );
        controls.querySelector('select')?.focus();
      }),
    );
  }
  controls.append(
    actionButton('Impersonate', whyNotImpersonate(me, user), async () => {
      message.clear();
      try {
        const session = await call<ImpersonationStarted>('POST', `/external-users/${user.id}/impersonation`);
        // The portal takes the session from the fragment (never sent to a server) into its tab.
        const params = new URLSearchParams({ token: session.idToken, name });
        window.open(`${config?.portalUrl?.replace(/\/$/, '')}/#/as?${params}`, '_blank', 'noopener');
        message.say(`The portal opened in a new tab as ${name}, read-only, until ${when(session.expiresAt)}.`);
      } catch (error) {
        message.fail(error);
      }
    }),
  );

  const undeliverable = deliverabilityNote(user.deliverability);
  const facts: [string, Child][] = [
    ['E-mail', user.email],
    ['Status', statusNames[user.status] ?? user.status],
    [
      'Portal access',
      user.hasAccess ? 'Yes: their links and sign-in work' : 'No: their links answer “no longer have access”',
    ],
    ['Auto-disable', user.autoDisableAt ? when(user.autoDisableAt) : 'Never'],
    [
      'E-mail delivery',
      undeliverable ??
        (user.deliverability?.reason === 'reset'
          ? `Reset ${when(user.deliverability.at)}: e-mail goes to it again`
          : 'Nothing reported: e-mail reaches them'),
    ],
  ];
  if (user.promotedToUserId)
    facts.push(['Staff user', link(`/users/${user.promotedToUserId}`, 'Open their staff user')]);
  const reset =
    undeliverable &&
    actionButton(
      'Reset e-mail delivery',
      manage,
      post('deliverability/reset', `E-mail to ${user.email} is sent again.`, null),
    );
  return h(
    'section',
    { attrs: { 'aria-labelledby': 'details' } },
    h('h2', { id: 'details' }, 'Details'),
    h(
      'dl',
      { className: 'facts' },
      ...facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
    ),
    reset ? h('div', { className: 'actions' }, reset) : null,
    controls,
    editForm(me, user, message),
  );
}

function editForm(me: Me, user: ExternalUserRecord, message: ReturnType<typeof messageArea>) {
  const manage = whyNot.manageExternalUsers(me);
  if (manage) return h('p', { className: 'reason' }, manage);
  if (user.status === 'promoted') return null;
  const given = h('input', { type: 'text', name: 'given', required: true, maxLength: 100, value: user.givenName });
  const family = h('input', { type: 'text', name: 'family', required: true, maxLength: 100, value: user.familyName });
  const until = h('input', { type: 'datetime-local', name: 'autoDisableAt', value: localInput(user.autoDisableAt) });
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Save changes');
  const form = h(
    'form',
    { className: 'form' },
    field('Given name', given),
    field('Family name', family),
    field('Auto-disable at', until, 'Empty: never. From then on their links and sign-in stop working.'),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
      const body: Record<string, unknown> = { version: user.version };
      if (given.value.trim() !== user.givenName) body.givenName = given.value.trim();
      if (family.value.trim() !== user.familyName) body.familyName = family.value.trim();
      const next = until.value ? new Date(until.value).toISOString() : null;
      if (next !== (user.autoDisableAt ? new Date(user.autoDisableAt).toISOString() : null)) body.autoDisableAt = next;
      if (Object.keys(body).length === 1) {
        message.say('Nothing to save: nothing changed.');
        return;
      }
      try {
        await call('PATCH', `/external-users/${user.id}`, body);
        await redraw(me, user.id, 'The changes are saved.');
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409 && error.code === 'CONFLICT')
          message.element.textContent = 'They were changed by someone else — reload to see the changes.';
      }
    });
  });
  return h('details', { className: 'create' }, h('summary', {}, 'Edit their details'), form);
}

/** The link's state as the external user meets it. */
function linkState(user: ExternalUserRecord, a: ExternalAssignment): string {
  if (a.status === 'revoked') return 'Link stopped: the assignment is revoked';
  if (!user.hasAccess) return 'Link stopped: they have no portal access';
  if (!a.linkIssuedAt) return 'No link yet';
  return `Link works (issued ${when(a.linkIssuedAt)})`;
}

async function assignmentsSection(me: Me, user: ExternalUserRecord) {
  const message = messageArea();
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'Assignments' } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more assignments');
  let cursor: string | undefined;

  const row = (a: ExternalAssignment, item: WorkItem | undefined): HTMLLIElement => {
    const base = `/${a.itemType}s/${a.itemId}`;
    const title = item?.title ?? `A ${a.itemType}`;
    const reason = item ? whyNot.edit(me, a.itemType, item) : 'You cannot see this item.';
    const controls = h('div', { className: 'actions' });
    if (a.status === 'active') {
      controls.append(
        actionButton(`Resend link for ${title}`, reason, async () => {
          message.clear();
          try {
            await call('POST', `${base}/assignments/${a.externalUserId}/resend-link`);
            message.say(`A new link for ${title} was e-mailed; the previous one stopped working.`);
          } catch (error) {
            message.fail(error);
          }
        }),
      );
      if (!reason) {
        const why = h('input', { type: 'text', name: 'reason', maxLength: 500 });
        const revoke = h('button', { type: 'submit', className: 'button' }, `Revoke ${title}`);
        const form = h('form', { className: 'inline' }, field(`Reason to revoke ${title}`, why), revoke);
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          void busy(revoke, async () => {
            message.clear();
            try {
              const next = await call<ExternalAssignment>(
                'POST',
                `${base}/assignments/${a.externalUserId}/revoke`,
                why.value.trim() ? { reason: why.value.trim() } : {},
              );
              const replaced = row(next, item);
              entry.replaceWith(replaced);
              message.say(`${user.givenName} ${user.familyName} no longer has access to ${title}.`);
            } catch (error) {
              message.fail(error);
            }
          });
        });
        controls.append(form);
      }
    }
    const state =
      a.status === 'revoked'
        ? `Revoked ${when(a.revokedAt)}${a.revokedReason ? `: ${a.revokedReason}` : ''}`
        : `Active since ${when(a.assignedAt)}`;
    const entry = card(
      h('h3', { className: 'card-title' }, item ? link(base, title) : title),
      h('p', { className: 'meta' }, `${a.itemType === 'job' ? 'Job' : 'Incident'} · ${state}`),
      h(
        'p',
        { className: 'meta' },
        `Link e-mail ${emailStatusNames[a.emailStatus ?? ''] ?? 'not sent'}${a.emailSentAt ? ` ${when(a.emailSentAt)}` : ''}${a.emailStatus === 'failed' && a.emailError ? ` (${a.emailError})` : ''} · ${linkState(user, a)}`,
      ),
      controls,
    );
    return entry;
  };

  const load = async () => {
    try {
      const page = await call<Page<ExternalAssignment>>(
        'GET',
        `/external-users/${user.id}/assignments${query({ limit: 20, cursor })}`,
      );
      // Each item's title and owners, to name it and to know whether this user may change it.
      const items = await Promise.all(
        page.items.map((a) => call<WorkItem>('GET', `/${a.itemType}s/${a.itemId}`).catch(() => undefined)),
      );
      page.items.forEach((a, n) => void list.append(row(a, items[n])));
      cursor = page.cursor;
      more.hidden = !cursor;
    } catch (error) {
      message.fail(error);
    }
  };
  more.addEventListener('click', () => void busy(more, load));
  await load();
  return h(
    'section',
    { attrs: { 'aria-labelledby': 'assignments' } },
    h('h2', { id: 'assignments' }, 'Assignments'),
    message.element,
    list.children.length ? list : h('p', {}, 'They have no assignments.'),
    more,
  );
}

async function activitySection(me: Me, user: ExternalUserRecord) {
  const heading = h('h2', { id: 'activity' }, 'Activity');
  if (!isAdminRole(me))
    return h(
      'section',
      { attrs: { 'aria-labelledby': 'activity' } },
      heading,
      h('p', { className: 'reason' }, 'Only Account Admins, User Admins and Admins see external activity.'),
    );
  const message = messageArea();
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'Activity' } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more activity');
  let cursor: string | undefined;
  // The staff who acted, by name (every staff user may list them, to pick owners).
  const staff = await call<Page<StaffUser>>('GET', '/users?limit=100').catch(() => ({ items: [] as StaffUser[] }));
  const staffNames = new Map(staff.items.map((s) => [s.id, `${s.givenName} ${s.familyName}`]));
  const load = async () => {
    try {
      const page = await call<Page<AuditEntry>>(
        'GET',
        `/external-activity${query({ limit: 20, externalUserId: user.id, cursor })}`,
      );
      for (const entry of page.items) {
        const who =
          entry.actor.kind === 'external' && entry.actor.id === user.id
            ? `${user.givenName} ${user.familyName}`
            : entry.actor.kind === 'system'
              ? 'FieldPass'
              : entry.actor.kind === 'staff'
                ? (staffNames.get(entry.actor.id ?? '') ?? 'Staff')
                : 'Another external user';
        list.append(
          card(
            h('h3', { className: 'card-title' }, actionName(entry.action)),
            h('p', { className: 'meta' }, `${when(entry.at)} · ${who}`),
            entry.itemType && entry.itemId
              ? h('p', { className: 'meta' }, link(`/${entry.itemType}s/${entry.itemId}`, `Open the ${entry.itemType}`))
              : null,
          ),
        );
      }
      cursor = page.cursor;
      more.hidden = !cursor;
    } catch (error) {
      message.fail(error);
    }
  };
  more.addEventListener('click', () => void busy(more, load));
  await load();
  return h(
    'section',
    { attrs: { 'aria-labelledby': 'activity' } },
    heading,
    message.element,
    list.children.length ? list : h('p', {}, 'No activity yet.'),
    more,
  );
}
