import { type Child, h, show, uid } from '../../src/dom';
import { ApiError, call } from './api';
import { type ChecklistBuilder, checklistBuilder, contentOf } from './checklist-builder';
import { whyNot } from './permissions';
import { go } from './router';
import type {
  Account,
  Assignment,
  ChecklistRecord,
  ChecklistTemplate,
  Customer,
  ExternalUser,
  JobCategory,
  Me,
  Page,
  Site,
  StaffUser,
  WorkItem,
} from './types';
import { busy, field, link, messageArea, select, statusNames } from './ui';

/*
 * The work-item form, generated from one description of its fields (`fields` below): each says
 * which kinds have it, whether a new item or an edit shows it, and how it reads into the body of
 * POST /jobs, PATCH /jobs/{id}, POST /incidents or PATCH /incidents/{id}. A field may also act
 * once the item is saved (`after`): an edit's external users (added ones assigned, removed ones
 * revoked with the reason asked for) and a new item's checklist (built, or started from one of the
 * chosen category's templates: the API copies each template onto a new job of the category, and
 * the copy started from here is replaced by its edit). A new item is made with its assignments, so their e-mails go out
 * as the checklist lands. An edit sends the version it read: a 409 means someone else changed it.
 */

export type Kind = 'job' | 'incident';
export type FormVariant = { kind: Kind; item?: WorkItem };

/** What differs between the kinds, beside which fields they have. */
const kinds = {
  job: { noun: 'job', Noun: 'Job', date: { label: 'Due', name: 'due', key: 'dueAt' as const } },
  incident: { noun: 'incident', Noun: 'Incident', date: { label: 'Raised', name: 'raised', key: 'raisedAt' as const } },
};

export const statusesOf: Record<Kind, string[]> = {
  job: ['open', 'in_progress', 'completed', 'cancelled'],
  incident: ['open', 'in_progress', 'closed'],
};

const severityLevels: [string, string][] = [
  ['low', 'Low'],
  ['medium', 'Medium'],
  ['high', 'High'],
];

/** What the form's fields are generated from: the item (on an edit) and the account's lists. */
interface Context {
  me: Me;
  kind: Kind;
  item?: WorkItem & { severity?: string | number; description?: string };
  account: Account;
  users: StaffUser[];
  categories: JobCategory[];
  customers: Customer[];
  externals: ExternalUser[];
  assignments: Assignment[];
  /** The sites of the item's customer. */
  sites: Site[];
  /** Told when the category changes (the checklist offers its templates). */
  onCategory: ((categoryId: string) => void)[];
}

/** A generated field: its controls, its part of the body, and what it does once the item is saved. */
interface Control {
  element: Child;
  body?(creating: boolean): Record<string, unknown>;
  after?(path: string): Promise<void>;
}

interface FieldSpec {
  kinds: Kind[];
  /** Only on a new item, or only on an edit; both when left out. */
  on?: 'create' | 'edit';
  /** Whether the account has what the field picks from. */
  shown?(c: Context): boolean;
  build(c: Context): Control;
}

/** An optional id: left out of a new item when empty, cleared (null) on an edit. */
const optionalId = (key: string, value: string, creating: boolean) =>
  value ? { [key]: value } : creating ? {} : { [key]: null };

/** `datetime-local`'s value for an ISO time, in the browser's time zone. */
const localInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Active entries, and the one the item already names even when archived. */
const choosable = (list: { id: string; name: string; archived: boolean }[], current?: string): [string, string][] =>
  list.filter((x) => !x.archived || x.id === current).map((x) => [x.id, x.name]);

const fullName = (u: { givenName: string; familyName: string }) => `${u.givenName} ${u.familyName}`;

const fields: FieldSpec[] = [
  {
    kinds: ['job', 'incident'],
    build: ({ item }) => {
      const input = h('input', {
        type: 'text',
        name: 'title',
        required: true,
        maxLength: 200,
        value: item?.title ?? '',
      });
      return { element: field('Title', input), body: () => ({ title: input.value.trim() }) };
    },
  },
  {
    kinds: ['job', 'incident'],
    build: ({ kind, item }) => {
      const date = kinds[kind].date;
      const input = h('input', {
        type: 'datetime-local',
        name: date.name,
        required: true,
        value: localInput(item?.[date.key]),
      });
      return {
        element: field(date.label, input),
        body: () => ({ [date.key]: input.value ? new Date(input.value).toISOString() : '' }),
      };
    },
  },
  {
    kinds: ['job', 'incident'],
    build: ({ item }) => {
      const text = h('input', {
        type: 'text',
        name: 'location',
        required: true,
        maxLength: 500,
        value: item?.location.text ?? '',
      });
      const coordinate = (name: string, min: number, max: number, value: number | undefined) =>
        h('input', {
          type: 'number',
          name,
          min: String(min),
          max: String(max),
          step: 'any',
          value: value?.toString() ?? '',
        });
      const lat = coordinate('lat', -90, 90, (item?.location as { lat?: number } | undefined)?.lat);
      const lng = coordinate('lng', -180, 180, (item?.location as { lng?: number } | undefined)?.lng);
      return {
        element: h(
          'div',
          {},
          field('Location', text),
          h(
            'fieldset',
            { className: 'pair' },
            h('legend', {}, 'GPS position (optional)'),
            field('Latitude', lat),
            field('Longitude', lng),
          ),
        ),
        body: () => ({
          location: {
            text: text.value.trim(),
            ...(lat.value !== '' ? { lat: Number(lat.value) } : {}),
            ...(lng.value !== '' ? { lng: Number(lng.value) } : {}),
          },
        }),
      };
    },
  },
  {
    kinds: ['job', 'incident'],
    build: ({ item }) => {
      const input = h('textarea', { name: 'description', maxLength: 10000, rows: 3, value: item?.description ?? '' });
      return {
        element: field('Description', input),
        body: (creating) => (creating && !input.value.trim() ? {} : { description: input.value.trim() }),
      };
    },
  },
  {
    kinds: ['incident'],
    build: ({ account, item }) => {
      const input = select(
        'severity',
        account.incidentSeverityScale === 'numeric'
          ? ['1', '2', '3', '4', '5'].map((n): [string, string] => [n, n])
          : severityLevels,
        item?.severity === undefined ? '' : String(item.severity),
      );
      return {
        element: field('Severity', input),
        body: () => ({
          severity: account.incidentSeverityScale === 'numeric' ? Number(input.value) : input.value,
        }),
      };
    },
  },
  {
    // A status change of an existing item is the review screen's (it needs its own permission).
    kinds: ['job', 'incident'],
    on: 'create',
    build: ({ kind }) => {
      const input = select(
        'status',
        statusesOf[kind].map((s) => [s, statusNames[s] ?? s]),
      );
      return { element: field('Status', input), body: () => ({ status: input.value }) };
    },
  },
  {
    kinds: ['job', 'incident'],
    build: ({ kind, item, me, users }) => {
      const chosen = new Set(item ? item.ownerIds : [me.id]);
      const set = h(
        'fieldset',
        { className: 'choices' },
        h('legend', {}, 'Owners'),
        ...users
          .filter((u) => u.status === 'active' || chosen.has(u.id))
          .map((u) => checkbox('owner', u.id, fullName(u), chosen.has(u.id))),
      );
      return {
        element: set,
        body: (creating) => {
          const ownerIds = [...set.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value);
          // A new job without owners takes its category's default owners.
          return ownerIds.length || !(creating && kind === 'job') ? { ownerIds } : {};
        },
      };
    },
  },
  {
    kinds: ['job'],
    build: ({ categories, item, onCategory }) => {
      const input = select(
        'category',
        [['', 'None'], ...choosable(categories, item?.categoryId)],
        item?.categoryId ?? '',
      );
      input.addEventListener('change', () => {
        for (const listener of onCategory) listener(input.value);
      });
      return {
        element: field('Category', input),
        body: (creating) => optionalId('categoryId', input.value, creating),
      };
    },
  },
  {
    kinds: ['job', 'incident'],
    shown: ({ account, item }) => account.departments.some((d) => !d.archived || d.id === item?.departmentId),
    build: ({ account, item }) => {
      const input = select(
        'department',
        [['', 'None'], ...choosable(account.departments, item?.departmentId)],
        item?.departmentId ?? '',
      );
      return {
        element: field('Department', input),
        body: (creating) => optionalId('departmentId', input.value, creating),
      };
    },
  },
  {
    kinds: ['job', 'incident'],
    build: ({ account, item }) => {
      const input = select(
        'privacy',
        [
          ['', 'Not confidential'],
          ...choosable(
            account.privacyStatuses.map((p) => ({ ...p })),
            item?.privacyStatusId,
          ),
        ],
        item?.privacyStatusId ?? '',
      );
      return {
        element: field('Privacy status', input),
        body: (creating) => optionalId('privacyStatusId', input.value, creating),
      };
    },
  },
  {
    kinds: ['job', 'incident'],
    shown: ({ customers, item }) => customers.length > 0 || item?.customerId !== undefined,
    build: ({ customers, item, sites: itemSites }) => {
      const customer = select('customer', [['', 'None'], ...choosable(customers, item?.customerId)], item?.customerId);
      const site = select('site', [['', 'No site']]);
      const siteField = field('Site', site, 'Choosing a site sets its customer.');
      const showSites = (sites: Site[], current?: string) => {
        site.replaceChildren(h('option', { value: '' }, 'No site'));
        siteField.hidden = !customer.value;
        for (const [value, label] of choosable(sites, current))
          site.append(h('option', { value, selected: value === current }, label));
      };
      const loadSites = async () => {
        showSites([]);
        if (!customer.value) return;
        const sites = await call<Page<Site>>(
          'GET',
          `/customers/${encodeURIComponent(customer.value)}/sites?limit=100`,
        ).catch(() => ({ items: [] as Site[] }));
        showSites(sites.items);
      };
      // The item's own sites are read with the form, so its site is there before it can be saved.
      showSites(itemSites, item?.siteId);
      customer.addEventListener('change', () => void loadSites());
      return {
        element: h('div', {}, field('Customer', customer), siteField),
        body: (creating) => ({
          ...optionalId('customerId', customer.value, creating),
          ...optionalId('siteId', customer.value ? site.value : '', creating),
        }),
      };
    },
  },
  {
    kinds: ['job', 'incident'],
    on: 'create',
    build: ({ externals }) => {
      const picked = h(
        'fieldset',
        { className: 'choices' },
        h('legend', {}, 'Assign external users'),
        ...(externals.length
          ? externals.map((x) => checkbox('external', x.id, `${fullName(x)} (${x.email})`, false))
          : [h('p', {}, 'No external users yet: add one below.')]),
      );
      const inline = newExternalUser();
      return {
        element: h('div', {}, picked, inline.element),
        body: () => {
          const externalUsers: object[] = [...picked.querySelectorAll<HTMLInputElement>('input:checked')].map(
            (box) => ({ id: box.value }),
          );
          const made = inline.read();
          if (made) externalUsers.push(made);
          return externalUsers.length ? { externalUsers } : {};
        },
      };
    },
  },
  {
    // On an edit, each change is its own request once the item is saved: removing one revokes
    // the assignment with the reason given (the API keeps it, revoked, with the reason).
    kinds: ['job', 'incident'],
    on: 'edit',
    build: ({ externals, assignments }) => {
      const active = assignments.filter((a) => a.status === 'active');
      const assigned = new Set(active.map((a) => a.externalUserId));
      const removals = new Map<string, HTMLInputElement>();
      const rows = active.map((a) => {
        const row = checkbox('external', a.externalUserId, `${fullName(a)} (${a.email})`, true);
        const reason = h('input', { type: 'text', name: 'revoke-reason', maxLength: 500, required: false });
        const reasonField = field(`Reason to remove ${fullName(a)}`, reason, 'They lose access to this item.');
        reasonField.hidden = true;
        const box = row.querySelector('input') as HTMLInputElement;
        box.addEventListener('change', () => {
          reasonField.hidden = box.checked;
          reason.required = !box.checked;
          if (!box.checked) {
            removals.set(a.externalUserId, reason);
            reason.focus();
          } else removals.delete(a.externalUserId);
        });
        return h('div', {}, row, reasonField);
      });
      const others = externals.filter((x) => !assigned.has(x.id));
      const picked = h(
        'fieldset',
        { className: 'choices' },
        h('legend', {}, 'External users'),
        ...rows,
        ...others.map((x) => checkbox('external', x.id, `${fullName(x)} (${x.email})`, false)),
        rows.length || others.length ? null : h('p', {}, 'No external users yet: add one below.'),
      );
      const inline = newExternalUser();
      return {
        element: h('div', {}, picked, inline.element),
        after: async (path) => {
          for (const [id, reason] of removals) {
            await call('POST', `${path}/assignments/${encodeURIComponent(id)}/revoke`, {
              reason: reason.value.trim(),
            });
          }
          const added: object[] = [...picked.querySelectorAll<HTMLInputElement>('input:checked')]
            .filter((box) => !assigned.has(box.value))
            .map((box) => ({ id: box.value }));
          const made = inline.read();
          if (made) added.push(made);
          for (const ref of added) await call('POST', `${path}/assignments`, ref);
        },
      };
    },
  },
  {
    kinds: ['job', 'incident'],
    on: 'create',
    build: ({ kind, onCategory }) => {
      const noun = kinds[kind].noun;
      const builder = checklistBuilder(
        `Leave empty for ${noun === 'job' ? 'a job' : 'an incident'} without a checklist of its own.`,
      );
      // Only jobs have categories, and so templates to start from.
      const templates = kind === 'job' ? templatePicker(builder) : undefined;
      if (templates) onCategory.push(templates.load);
      return {
        element: h('fieldset', {}, h('legend', {}, 'Checklist'), templates?.element, builder.element),
        after: async (path) => {
          const content = builder.read();
          if (!content.title) return;
          // A new job of a category starts with a copy of each of its templates: the one
          // started from here is replaced by its edit, the others stay as the category has them.
          const from = templates?.chosen();
          const copy = from
            ? (
                await call<Page<{ checklist: ChecklistRecord & { templateId?: string } }>>('GET', `${path}/checklists`)
              ).items
                .map((c) => c.checklist)
                .find((c) => c.templateId === from)
            : undefined;
          if (copy) await call('PUT', `${path}/checklists/${copy.id}`, { version: copy.version, ...content });
          else await call('POST', `${path}/checklists`, content);
        },
      };
    },
  },
];

/**
 * The category's templates: a new job takes a checklist from each; picking one here fills the
 * builder, to edit the job's copy of it before the job is made.
 */
function templatePicker(builder: ChecklistBuilder) {
  const input = select('template', [['', 'None']]);
  const hint = h('p', { className: 'hint' });
  const wrap = field('Start from a template', input, 'Fills the checklist below, to edit.');
  const element = h('div', { hidden: true }, hint, wrap);
  let templates: ChecklistTemplate[] = [];
  input.addEventListener('change', () => {
    const template = templates.find((t) => t.id === input.value);
    if (template) builder.fill(contentOf(template));
  });
  return {
    element,
    chosen: () => input.value || undefined,
    load: (categoryId: string) => {
      templates = [];
      input.replaceChildren(h('option', { value: '' }, 'None'));
      element.hidden = true;
      if (!categoryId) return;
      void call<{ items: ChecklistTemplate[] }>(
        'GET',
        `/job-categories/${encodeURIComponent(categoryId)}/checklist-templates`,
      )
        .then((found) => {
          templates = found.items;
          for (const t of templates) input.append(h('option', { value: t.id }, t.title));
          hint.textContent = `The job starts with the category's checklists: ${templates.map((t) => t.title).join(', ')}.`;
          element.hidden = !templates.length;
        })
        .catch(() => undefined);
    },
  };
}

/** A new external user made inline: all three filled, or none. */
function newExternalUser() {
  const given = h('input', { type: 'text', name: 'new-given', maxLength: 100, autocomplete: 'off' });
  const family = h('input', { type: 'text', name: 'new-family', maxLength: 100, autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'new-email', maxLength: 254, autocomplete: 'off' });
  const until = h('input', { type: 'date', name: 'new-until' });
  return {
    element: h(
      'fieldset',
      {},
      h('legend', {}, 'Or a new external user'),
      field('Given name', given),
      field('Family name', family),
      field('E-mail', email),
      field('Access ends on (optional)', until, 'Their access stops at the start of that day.'),
    ),
    read: () =>
      email.value.trim()
        ? {
            givenName: given.value.trim(),
            familyName: family.value.trim(),
            email: email.value.trim(),
            ...(until.value ? { autoDisableAt: new Date(`${until.value}T00:00`).toISOString() } : {}),
          }
        : undefined,
  };
}

export async function workItemForm(me: Me, { kind, item }: FormVariant): Promise<void> {
  const { noun, Noun } = kinds[kind];
  const heading = item ? `Edit ${item.title}` : `New ${noun}`;
  const refused = item ? whyNot.edit(me, kind, item) : whyNot.create(me, kind);
  if (refused) {
    show(h('h1', {}, heading), h('p', { className: 'message bad' }, refused));
    return;
  }
  const creating = !item;
  const path = item ? `/${kind}s/${encodeURIComponent(item.id)}` : '';
  const none = { items: [] };
  const [users, categories, account, customers, externals, assignments, sites] = await Promise.all([
    call<Page<StaffUser>>('GET', '/users?limit=100'),
    kind === 'job' ? call<Page<JobCategory>>('GET', '/job-categories?limit=100').catch(() => none) : none,
    call<Account>('GET', '/account'),
    call<Page<Customer>>('GET', '/customers?limit=100').catch(() => none),
    call<Page<ExternalUser>>('GET', '/external-users?limit=100&status=active').catch(() => none),
    item ? call<{ items: Assignment[] }>('GET', `${path}/assignments`).catch(() => none) : none,
    item?.customerId
      ? call<Page<Site>>('GET', `/customers/${encodeURIComponent(item.customerId)}/sites?limit=100`).catch(() => none)
      : none,
  ]);
  const context: Context = {
    me,
    kind,
    item,
    account: { ...account, departments: account.departments ?? [] },
    users: users.items,
    categories: categories.items,
    customers: customers.items,
    externals: externals.items,
    assignments: assignments.items,
    sites: sites.items,
    onCategory: [],
  };
  const controls = fields
    .filter((f) => f.kinds.includes(kind) && f.on !== (creating ? 'edit' : 'create') && (f.shown?.(context) ?? true))
    .map((f) => f.build(context));
  const message = messageArea();
  const submit = h('button', { type: 'submit', className: 'button primary' }, item ? 'Save changes' : `Create ${noun}`);
  const form = h('form', { className: 'form' }, ...controls.map((c) => c.element), submit);

  const bodyOf = () => Object.assign({}, ...controls.map((c) => c.body?.(creating) ?? {}));
  const saved = async (target: string) => {
    try {
      for (const control of controls) await control.after?.(target);
      go(target);
    } catch (error) {
      // The item is saved: say what did not happen, and where to see it.
      message.fail(error);
      message.element.append(' ', link(target, `The ${noun} was saved: open it.`));
      message.element.focus();
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
      try {
        if (item) {
          await call('PATCH', path, { version: item.version, ...bodyOf() });
          await saved(path);
        } else {
          const made = await call<{ id: string }>('POST', `/${kind}s`, bodyOf());
          await saved(`/${kind}s/${made.id}`);
        }
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409)
          message.element.textContent = `This ${noun} was changed by someone else — reload to see their changes.`;
        message.element.focus();
      }
    });
  });
  message.element.tabIndex = -1;
  show(
    h('p', { className: 'crumbs' }, link(`/${kind}s`, `${Noun}s`), ...(item ? [' › ', link(path, item.title)] : [])),
    h('h1', {}, heading),
    message.element,
    form,
  );
}

function checkbox(name: string, value: string, label: string, checked: boolean) {
  const id = uid(name);
  return h(
    'div',
    { className: 'check' },
    h('input', { type: 'checkbox', name, value, id, checked }),
    h('label', { htmlFor: id }, label),
  );
}
