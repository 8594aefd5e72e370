import { h, show } from '../../src/dom';
import { ApiError, call, query } from './api';
import { jobPicker, jobTitles } from './job-picker';
import { allPages, checkboxes, manageSettings, named, nothingHere } from './settings-ui';
import type {
  ClientAccess,
  ClientAccessEntry,
  CustomerRecord,
  ExternalRole,
  ExternalUser,
  Me,
  Page,
  ReportFrequency,
  SiteRecord,
} from './types';
import { actionButton, busy, card, field, link, messageArea, select, statusNames } from './ui';

/*
 * Client access (admin roles; docs/client-access.md, docs/client-reports.md). `/client-access`
 * finds an external user; `/client-access/<externalUserId>` lists their accesses and grants,
 * changes, revokes, restores and removes one: its roles, the customers whose jobs it shows (now and
 * in the future), a site with the sub-sites chosen (or all of them, including future ones), and
 * the site's report e-mails (off, daily or weekly; only when something happened; time zone).
 * Every change sends the record's version: a 409 says someone else changed it.
 */

type Message = ReturnType<typeof messageArea>;

export function clientAccessScreen(me: Me, [id, ...extra]: string[]): Promise<void> | void {
  if (extra.length) return nothingHere();
  return id ? accessScreen(me, id) : findUser();
}

async function findUser(): Promise<void> {
  const message = messageArea();
  const search = h('input', { type: 'search', name: 'q', maxLength: 254 });
  const form = h(
    'form',
    { className: 'filters', attrs: { role: 'search', 'aria-label': 'External users' } },
    field('Name or e-mail', search),
    h('button', { type: 'submit', className: 'button' }, 'Search'),
  );
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'External users' } });
  // A search sent while the previous one is on its way: only the latest one's answer is shown.
  let latest = 0;
  const load = async () => {
    const mine = ++latest;
    try {
      const page = await call<Page<ExternalUser>>(
        'GET',
        `/external-users${query({ limit: 20, q: search.value.trim(), status: 'active' })}`,
      );
      if (mine !== latest) return;
      list.replaceChildren(
        ...page.items.map((user) =>
          card(
            h(
              'h2',
              { className: 'card-title' },
              link(`/client-access/${user.id}`, `${user.givenName} ${user.familyName}`),
            ),
            h('p', { className: 'meta' }, user.email),
          ),
        ),
      );
      if (!page.items.length) message.say('No active external users match.');
      else message.clear();
    } catch (error) {
      message.fail(error);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  show(
    h('h1', {}, 'Client access'),
    h(
      'p',
      {},
      'Choose an external user to give them client access: the views of their roles, of the customers and sites you grant.',
    ),
    message.element,
    form,
    list,
  );
  await load();
}

/** What the screen reads once: the person, their access, the roles and the customers. */
interface Context {
  me: Me;
  user: ExternalUser;
  access: ClientAccess;
  roles: ExternalRole[];
  customers: CustomerRecord[];
  /** The titles of the jobs the accesses name. */
  jobs: Map<string, string>;
  message: Message;
  reload: (said?: string) => Promise<void>;
}

async function accessScreen(me: Me, id: string): Promise<void> {
  const base = `/external-users/${encodeURIComponent(id)}`;
  const [user, access] = await Promise.all([
    call<ExternalUser>('GET', base).catch(() => undefined),
    call<ClientAccess>('GET', `${base}/client-access`).catch(() => undefined),
  ]);
  if (!user || !access) return nothingHere();
  const [roles, customers] = await Promise.all([
    allPages<ExternalRole>('/external-roles'),
    allPages<CustomerRecord>('/customers'),
  ]);
  const siteIds = new Set(
    access.accesses.flatMap((a) => (a.site ? [a.site.siteId, ...Object.keys(a.site.subSites)] : [])),
  );
  const sites = new Map(
    (await Promise.all([...siteIds].map((s) => call<SiteRecord>('GET', `/sites/${s}`).catch(() => undefined))))
      .filter((s): s is SiteRecord => s !== undefined)
      .map((s) => [s.id, s]),
  );
  const jobs = await jobTitles(access.accesses.flatMap((a) => a.jobIds));
  const message = messageArea();
  const name = `${user.givenName} ${user.familyName}`;
  const context: Context = {
    me,
    user,
    access,
    roles,
    customers,
    jobs,
    message,
    reload: async (said) => {
      await accessScreen(me, id);
      if (said) {
        const area = document.querySelector('#main .message');
        if (area) {
          area.className = 'message ok';
          area.textContent = said;
        }
      }
    },
  };
  const manage = manageSettings(me);
  const list = h(
    'ul',
    { className: 'cards', attrs: { 'aria-label': `Client access of ${name}` } },
    ...access.accesses.map((entry, n) => accessCard(context, entry, n + 1, sites)),
  );
  const grant = h('div', {});
  grant.append(
    actionButton(
      'Grant access',
      manage ??
        (user.status === 'promoted' ? 'A promoted external user cannot be given client access.' : undefined) ??
        (roles.length ? undefined : 'Create an external role first: an access gives at least one.'),
      () => {
        grant.replaceChildren(accessForm(context, undefined, () => grant.replaceChildren()));
        grant.querySelector('input')?.focus();
      },
      'button primary',
    ),
  );
  show(
    h('p', { className: 'crumbs' }, link('/client-access', 'Client access')),
    h('h1', {}, `Client access for ${name}`),
    h('p', { className: 'meta' }, `${user.email} · ${statusNames[user.status] ?? user.status}`),
    message.element,
    ...access.warnings.map((w) => h('p', { className: 'reason' }, w.message)),
    access.accesses.length ? list : h('p', {}, `${name} has no client access yet.`),
    grant,
  );
}

const frequencyNames: Record<ReportFrequency, string> = { off: 'Off', daily: 'Daily', weekly: 'Weekly' };

function accessCard(c: Context, entry: ClientAccessEntry, n: number, sites: Map<string, SiteRecord>): HTMLLIElement {
  const manage = manageSettings(c.me);
  const roleName = new Map(c.roles.map((r) => [r.id, r.name]));
  const customerName = new Map(c.customers.map((x) => [x.id, x.name]));
  const siteName = (id: string) => sites.get(id)?.name ?? id;
  const facts = h('dl', { className: 'facts' });
  const fact = (term: string, value: string) => facts.append(h('dt', {}, term), h('dd', {}, value));
  fact('Status', entry.status === 'active' ? 'Active' : 'Revoked');
  fact('Roles', entry.roleIds.map((r) => roleName.get(r) ?? r).join(', '));
  if (entry.customerIds.length)
    fact('Customers (every job, now and future)', entry.customerIds.map((x) => customerName.get(x) ?? x).join(', '));
  if (entry.jobIds.length) {
    facts.append(
      h('dt', {}, 'Specific jobs'),
      h(
        'dd',
        {},
        h(
          'ul',
          { className: 'plain' },
          ...entry.jobIds.map((id) => h('li', {}, link(`/jobs/${id}`, c.jobs.get(id) ?? id))),
        ),
      ),
    );
  }
  if (entry.site) {
    const { siteId, subSites, futureSubSites } = entry.site;
    fact('Site', siteName(siteId));
    const granted = Object.entries(subSites)
      .filter(([, yes]) => yes)
      .map(([s]) => siteName(s));
    const subText = futureSubSites ? 'All, including future ones' : granted.length ? granted.join(', ') : 'None';
    fact('Sub-sites', subText);
    const reports = entry.reportFrequency ?? 'off';
    fact(
      'Report e-mails',
      reports === 'off'
        ? 'Off'
        : [
            frequencyNames[reports],
            entry.reportOnlyWhenActive ? 'only when something happened' : undefined,
            entry.reportTimeZone,
            entry.reportUnsubscribedAt ? 'the contact unsubscribed' : undefined,
          ]
            .filter(Boolean)
            .join(' · '),
    );
  }
  const controls = h('div', { className: 'actions' });
  const change = (status: 'active' | 'revoked', said: string) => async () => {
    try {
      await call('PUT', `/external-users/${c.user.id}/client-access/${entry.id}`, {
        ...bodyOf(entry),
        status,
        version: c.access.version,
      });
      await c.reload(said);
    } catch (error) {
      failed(c.message, error);
    }
  };
  controls.append(
    actionButton(`Edit access ${n}`, manage, () => {
      controls.replaceChildren(accessForm(c, entry, () => void c.reload()));
      controls.querySelector('input')?.focus();
    }),
    entry.status === 'active'
      ? actionButton(`Revoke access ${n}`, manage, change('revoked', `Access ${n} is revoked.`))
      : actionButton(`Restore access ${n}`, manage, change('active', `Access ${n} is restored.`)),
    actionButton(`Remove access ${n}`, manage, async () => {
      try {
        await call('DELETE', `/external-users/${c.user.id}/client-access/${entry.id}?version=${c.access.version}`);
        await c.reload(`Access ${n} is removed.`);
      } catch (error) {
        failed(c.message, error);
      }
    }),
  );
  return card(h('h2', { className: 'card-title' }, `Access ${n}`), facts, controls);
}

/** What a PUT sends back of `entry` unchanged. */
const bodyOf = (entry: ClientAccessEntry) => ({
  roleIds: entry.roleIds,
  customerIds: entry.customerIds,
  jobIds: entry.jobIds,
  ...(entry.site ? { site: entry.site } : {}),
});

function failed(message: Message, error: unknown) {
  message.fail(error);
  if (error instanceof ApiError && error.status === 409 && error.code === 'STALE_VERSION')
    message.element.textContent = 'This client access was changed by someone else — reload to see the changes.';
}

/** The grant or change form; `entry` is the access changed (none for a new one). */
function accessForm(c: Context, entry: ClientAccessEntry | undefined, cancel: () => void): HTMLFormElement {
  const roles = checkboxes('Roles', named(c.roles), entry?.roleIds, 'The views of these roles. At least one.');
  const customers = checkboxes(
    'Customers',
    named(c.customers.filter((x) => !x.archived || entry?.customerIds.includes(x.id))),
    entry?.customerIds,
    'Every job of these customers, now and in the future.',
  );
  const jobs = jobPicker(entry?.jobIds ?? [], c.jobs);
  const siteCustomer = select('site-customer', [['', 'No site'], ...named(c.customers.filter((x) => !x.archived))]);
  const site = select('site', []);
  const siteField = field('Site', site);
  const subSites = h('div', {});
  const reportsBox = h('fieldset', {}, h('legend', {}, 'Report e-mails of the site'));
  const frequency = select(
    'report-frequency',
    (['off', 'daily', 'weekly'] as const).map((f): [string, string] => [f, frequencyNames[f]]),
    entry?.reportFrequency ?? 'off',
  );
  const onlyActive = h('input', {
    type: 'checkbox',
    name: 'only-active',
    checked: entry?.reportOnlyWhenActive ?? false,
  });
  const timeZone = h('input', {
    type: 'text',
    name: 'time-zone',
    maxLength: 64,
    value: entry?.reportTimeZone ?? '',
    autocomplete: 'off',
  });
  reportsBox.append(
    field('Frequency', frequency),
    h('label', { className: 'check' }, onlyActive, 'Only when something happened'),
    field(
      'Time zone',
      timeZone,
      entry?.reportTimeZone
        ? 'An IANA time zone such as Europe/London.'
        : "An IANA time zone such as Europe/London. Empty: the account's time zone.",
    ),
  );
  let siteList: SiteRecord[] = [];
  let readSubSites: () => { subSites: Record<string, boolean>; futureSubSites: boolean } = () => ({
    subSites: {},
    futureSubSites: false,
  });

  const showSubSites = () => {
    const chosen = siteList.find((s) => s.id === site.value);
    const subs = chosen && !chosen.parentSiteId ? siteList.filter((s) => s.parentSiteId === chosen.id) : [];
    const grant = entry?.site?.siteId === chosen?.id ? entry?.site : undefined;
    readSubSites = () => ({ subSites: {}, futureSubSites: false });
    subSites.replaceChildren();
    reportsBox.hidden = !chosen;
    if (!chosen || chosen.parentSiteId) return;
    const all = h('input', { type: 'checkbox', name: 'all-sub-sites', checked: grant?.futureSubSites ?? false });
    const boxes = checkboxes(
      `Sub-sites of ${chosen.name}`,
      subs.filter((s) => !s.archived || grant?.subSites[s.id]).map((s) => [s.id, s.name]),
      Object.entries(grant?.subSites ?? {})
        .filter(([, yes]) => yes)
        .map(([s]) => s),
      subs.length ? 'The client sees the master site and the sub-sites ticked.' : 'No sub-sites yet.',
    );
    const sync = () => {
      for (const box of boxes.element.querySelectorAll('input')) box.disabled = all.checked;
    };
    all.addEventListener('change', sync);
    sync();
    boxes.element.append(h('label', { className: 'check' }, all, 'All sub-sites, including future ones'));
    subSites.append(boxes.element);
    readSubSites = () => {
      if (all.checked) return { subSites: {}, futureSubSites: true };
      const ticked = new Set(boxes.values());
      return { subSites: Object.fromEntries(subs.map((s) => [s.id, ticked.has(s.id)])), futureSubSites: false };
    };
  };
  const loadSites = async (customerId: string, chosen?: string) => {
    siteList = customerId ? await allPages<SiteRecord>(`/customers/${customerId}/sites`) : [];
    const master = new Map(siteList.map((s) => [s.id, s.name]));
    site.replaceChildren(
      ...siteList
        .filter((s) => !s.archived || s.id === chosen)
        .map((s) =>
          h(
            'option',
            { value: s.id, selected: s.id === chosen },
            s.parentSiteId ? `${master.get(s.parentSiteId) ?? ''} › ${s.name}` : s.name,
          ),
        ),
    );
    siteField.hidden = !customerId;
    showSubSites();
  };
  siteCustomer.addEventListener('change', () => void loadSites(siteCustomer.value));
  site.addEventListener('change', showSubSites);

  const submit = h('button', { type: 'submit', className: 'button primary' }, entry ? 'Save access' : 'Grant access');
  const back = h('button', { type: 'button', className: 'button' }, 'Cancel');
  back.addEventListener('click', cancel);
  const form = h(
    'form',
    { className: 'form', attrs: { 'aria-label': entry ? 'Change access' : 'New access' } },
    roles.element,
    customers.element,
    jobs.element,
    h('fieldset', {}, h('legend', {}, 'Site'), field("Site's customer", siteCustomer), siteField, subSites),
    reportsBox,
    h('div', { className: 'actions' }, submit, back),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      const withSite = siteCustomer.value !== '' && site.value !== '';
      const body = {
        roleIds: roles.values(),
        customerIds: customers.values(),
        jobIds: jobs.values(),
        ...(withSite ? { site: { siteId: site.value, ...readSubSites() } } : {}),
        reportFrequency: withSite ? frequency.value : 'off',
        reportOnlyWhenActive: onlyActive.checked,
        ...(timeZone.value.trim() ? { reportTimeZone: timeZone.value.trim() } : {}),
        version: c.access.version,
      };
      try {
        if (entry) await call('PUT', `/external-users/${c.user.id}/client-access/${entry.id}`, body);
        else await call('POST', `/external-users/${c.user.id}/client-access`, body);
        await c.reload(entry ? 'The access was saved.' : 'Access granted.');
      } catch (error) {
        failed(c.message, error);
      }
    });
  });

  siteField.hidden = true;
  reportsBox.hidden = true;
  const current = entry?.site?.siteId;
  if (current) {
    // Saving before the site is shown would drop it from the access: the button waits for it.
    submit.disabled = true;
    void call<SiteRecord>('GET', `/sites/${current}`)
      .then(async (s) => {
        if (![...siteCustomer.options].some((o) => o.value === s.customerId)) {
          const archived = c.customers.find((x) => x.id === s.customerId);
          siteCustomer.append(h('option', { value: s.customerId }, `${archived?.name ?? s.customerId} (archived)`));
        }
        siteCustomer.value = s.customerId;
        await loadSites(s.customerId, current);
        submit.disabled = false;
      })
      .catch((error) => failed(c.message, error));
  }
  return form;
}
