/**
 * The demo account's client access (seeds 001 and 002), made through the HTTP API as the
 * Account Admin would make it: a customer with a master site and three sub-sites, a jobs view and
 * a calendar view, an external role allowing both, a client contact granted the customer and the
 * master site with two of its sub-sites, and a few jobs, incidents and logs of the last weeks and
 * the next days, one of them confidential (which the client never sees) and some on the blocked
 * sub-site (which the client never sees either).
 */

/** The client contact `npm start` prints: they sign in with their address and an e-mailed code. */
export const demoClient = { email: 'client@demo.fieldpass.local', givenName: 'Casey', familyName: 'Client' } as const;

type Call = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Calls the API as `token`; anything but a 2xx is an error naming the route and the answer. */
function caller(apiUrl: string, token: string): Call {
  return async (method, path, body) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`demo data: ${method} ${path} answered ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
}

const id = (record: Record<string, unknown>) => String(record.id);

/** Days from now, as an ISO date-time at 09:00 UTC. */
function inDays(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(9, 0, 0, 0);
  return date.toISOString();
}

/** Creates the demo client access through the API as the Account Admin (`token`). */
export async function seedDemoClients(apiUrl: string, token: string): Promise<void> {
  const call = caller(apiUrl, token);
  const me = await call('GET', '/me');
  const ownerIds = [String(me.id)];
  const account = await call('GET', '/account');
  const { privacyStatuses } = (await call('PATCH', '/account', {
    version: account.version,
    privacyStatuses: [{ name: 'Confidential' }],
  })) as { privacyStatuses: { id: string }[] };

  const customer = await call('POST', '/customers', {
    name: 'Northgate Arena Ltd',
    reference: 'NGA-001',
    contacts: [{ name: 'Casey Client', email: demoClient.email, role: 'Head of Security' }],
  });
  const master = await call('POST', `/customers/${id(customer)}/sites`, {
    name: 'Northgate Arena',
    address: '1 Stadium Way',
  });
  const subSites = [];
  for (const name of ['North Stand', 'South Stand', 'Car Park']) {
    subSites.push(await call('POST', `/customers/${id(customer)}/sites`, { name, parentSiteId: id(master) }));
  }
  const [north, south, carPark] = subSites.map(id);

  const jobsView = await call('POST', '/external-views', {
    name: 'Open jobs',
    kind: 'jobs',
    columns: ['title', 'status', 'dueAt', 'site', 'location'],
    filters: { statuses: ['open', 'in_progress'] },
  });
  const calendarView = await call('POST', '/external-views', { name: 'Job calendar', kind: 'calendar', filters: {} });
  const role = await call('POST', '/external-roles', { name: 'Clients', viewIds: [id(jobsView), id(calendarView)] });

  const contact = await call('POST', '/external-users', demoClient);
  await call('POST', `/external-users/${id(contact)}/client-access`, {
    roleIds: [id(role)],
    customerIds: [id(customer)],
    site: {
      siteId: id(master),
      subSites: { [north as string]: true, [south as string]: true, [carPark as string]: false },
    },
  });

  const job = (title: string, days: number, siteId: string | undefined, extra: Record<string, unknown> = {}) =>
    call('POST', '/jobs', {
      title,
      dueAt: inDays(days),
      location: { text: 'Northgate Arena, 1 Stadium Way' },
      ownerIds,
      customerId: id(customer),
      ...(siteId ? { siteId } : {}),
      ...extra,
    });
  await job('Pre-match safety walk', 1, north);
  await job('Turnstile inspection', 3, south);
  await job('Barrier repairs', 5, carPark);
  await job('Steward briefing', 2, id(master));
  await job('Threat assessment', 4, north, { privacyStatusId: privacyStatuses[0]?.id });
  // The last weeks' work, so the site dashboard's counts and chart have something to show.
  await job('Floodlight check', -3, south, { status: 'completed' });
  await job('Fire door audit', -9, north, { status: 'completed' });
  await job('CCTV review', -1, id(master));
  const log = (title: string, days: number, siteId: string) =>
    call('POST', '/logs', { title, occurredAt: inDays(days), ownerIds, customerId: id(customer), siteId });
  for (const [title, days, siteId] of [
    ['Gates opened', -2, north],
    ['Patrol round completed', -4, south],
    ['Lost property handed in', -6, north],
    ['Patrol round completed', -12, south],
    ['Gates opened', -16, north],
    ['Car park barrier stuck', -8, carPark],
  ] as const) {
    await log(title, days, siteId as string);
  }
  await call('POST', '/incidents', {
    title: 'Fan taken ill in the North Stand',
    raisedAt: inDays(-5),
    severity: 'high',
    status: 'closed',
    location: { text: 'North Stand, block B' },
    ownerIds,
    customerId: id(customer),
    siteId: north,
  });
  await call('POST', '/incidents', {
    title: 'Spectator slipped on wet steps',
    raisedAt: inDays(0),
    severity: 'medium',
    location: { text: 'South Stand, row 12' },
    ownerIds,
    customerId: id(customer),
    siteId: south,
  });
}
