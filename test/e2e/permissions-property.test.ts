import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/shared/data/keys';
import { deleteItem, transact } from '../../functions/shared/data/table';
import type { Action, ProjectRef, WorkItem } from '../../functions/staff/permissions/access';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole } from '../../functions/staff/permissions/roles';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { findStaffUser, updateStaffUser } from '../../functions/staff/staff-repository';
import {
  type Answer,
  referenceModel,
  roleArbitrary,
  storedPermissionsArbitrary,
} from '../support/permission-reference';
import { propertyRuns } from '../support/property-runs';
import {
  api,
  invite,
  listIds,
  type Member,
  newAccountWithAdmin,
  newEmail,
  send,
  type Tenant,
} from '../support/staff-session';
import { drainStreams } from '../support/streams';

/*
 * Issue 3's property through the HTTP API: for 1000 generated users (role × any stored module
 * permissions), every list answers exactly the items the independent reference model lets the
 * user see, and sampled reads, edits, status changes, archives, deletes and creates answer as it
 * says. The user is one real staff user whose stored role and permissions each run overwrites (the
 * API reads them from DynamoDB on every request, so the invitation's token stays valid).
 */

/** The item types with a list route of their own. */
type Listed = 'job' | 'incident' | 'log' | 'risk' | 'riskAssessment' | 'project' | 'jobCategory';
/** Task groups and tasks are listed with their project's plan. */
type Type = Listed | 'taskGroup' | 'task';
const listed: readonly Listed[] = ['job', 'incident', 'log', 'risk', 'riskAssessment', 'project', 'jobCategory'];
const routeOf: Record<Listed, string> = {
  job: '/jobs',
  incident: '/incidents',
  log: '/logs',
  risk: '/risks',
  riskAssessment: '/risk-assessments',
  project: '/projects',
  jobCategory: '/job-categories',
};
/** Valid statuses per type that has one: a status change probe moves the item to one it does not have. */
const statusesOf: Partial<Record<Type, readonly string[]>> = {
  job: ['open', 'in_progress'],
  incident: ['open', 'in_progress'],
  risk: ['draft', 'open', 'closed'],
  project: ['active', 'on_hold'],
  task: ['todo', 'in_progress'],
};
/** Seed 003: the roles with access to settings, and so to the centralized external activity. */
const adminRoles: readonly StaffRole[] = ['account_admin', 'user_admin', 'admin'];
/** The item types with an audit trail (and external users assigned). */
const audited = new Set<Type>(['job', 'incident']);

/** Every write probe on a stored item sends this version: an allowed write gets 409 and writes nothing. */
const staleVersion = 999_999;
const numRuns = propertyRuns(1000);

type Reference = ReturnType<typeof referenceModel>;
type StoredAction = Exclude<Action, 'create'>;

/** An item of the fixed corpus: where it lives, the facts the reference decides on, how to describe it. */
interface Stored {
  id: string;
  type: Type;
  /** Its own path, e.g. /jobs/{id} or /projects/{projectId}/tasks/{id}. */
  path: string;
  /** Where a GET shows it: its own path, or its project's plan. */
  seePath: string;
  facts: WorkItem;
  label: string;
  /** Fields a harmless PATCH sends back unchanged. */
  same: Record<string, unknown>;
  status?: string;
}

/** An item a create probe would make: where it is posted, the body, and the facts the reference decides on. */
interface NewItem {
  type: Type;
  collection: string;
  body: Record<string, unknown>;
  facts: WorkItem;
  label: string;
}

/** What the API must answer for an action the reference decided. */
function expectedStatus(action: Action, answer: Answer): number {
  if (answer !== 'allowed') return answer;
  if (action === 'see') return 200;
  if (action === 'create') return 201;
  // Allowed writes are sent with a stale version (409); a task group the corpus fills refuses deletion (409).
  return 409;
}

/** What a task group or task of a corpus project is decided on: the project's facts. */
function projectRefOf(project: Stored): ProjectRef {
  if (project.facts.type !== 'project') throw new Error(`${project.label} is not a project`);
  const { id, ownerIds, confidential } = project.facts;
  return { id, ownerIds, confidential };
}

/** Actions that would change the corpus when allowed: sent only when the reference refuses them. */
function destructive(action: StoredAction, type: Type): boolean {
  // A job category is archived by PATCH (stale version: harmless); a corpus task group holds a task, so deleting it answers 409.
  if (action === 'archive') return type !== 'jobCategory';
  if (action === 'delete') return type !== 'taskGroup';
  return false;
}

describe('the staff API against the independent reference model of the permission rules', () => {
  let t: Tenant;
  let me: Member;
  let other: Member;
  let statusIds: string[];
  const corpus: Stored[] = [];
  const names = new Map<string, string>();
  let meStored: StaffUser | undefined;
  /** The external user assigned to every corpus job and incident: their activity names each one. */
  let watcherId: string;

  /** The request body that creates an item of `type` with the given facts. */
  function bodyOf(
    type: Type,
    facts: { ownerIds?: string[]; privacyStatusId?: string; confidential?: boolean; status?: string },
    title: string,
  ): Record<string, unknown> {
    const privacy = facts.privacyStatusId !== undefined ? { privacyStatusId: facts.privacyStatusId } : {};
    const flagged = { confidential: facts.confidential === true };
    const status = facts.status !== undefined ? { status: facts.status } : {};
    const ownerIds = facts.ownerIds;
    switch (type) {
      case 'job':
        return { title, dueAt: '2026-12-01T09:00:00Z', location: { text: 'Gate A' }, ownerIds, ...status, ...privacy };
      case 'incident':
        return {
          title,
          location: { text: 'Gate B' },
          severity: 'low',
          raisedAt: '2026-11-20T18:30:00Z',
          ownerIds,
          ...status,
          ...privacy,
        };
      case 'log':
        return { title, occurredAt: '2026-11-20T18:30:00Z', ownerIds, ...privacy };
      case 'risk':
        return { title, kind: 'risk', ownerIds, ...status, ...flagged };
      case 'riskAssessment':
        return { title, ownerIds, ...flagged };
      case 'project':
        return { title, ownerIds, ...status, ...flagged };
      case 'jobCategory':
      case 'taskGroup':
        return { name: title };
      case 'task':
        return { title, ...status };
    }
  }

  const nameOf = (id: string) => names.get(id) ?? id;
  const ownersLabel = (ownerIds: readonly string[]) => `[${ownerIds.map(nameOf).join(', ')}]`;
  /** Permissions with ids replaced by readable names, for failure messages. */
  const readable = (value: unknown) =>
    JSON.stringify(value, (_key, v) => (typeof v === 'string' && names.has(v) ? names.get(v) : v));

  /** Creates one corpus item as the Account Admin. */
  async function seed(type: Type, collection: string, body: Record<string, unknown>): Promise<string> {
    const res = await send('POST', collection, t.token, body);
    if (res.status !== 201) throw new Error(`seed ${type}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  beforeAll(async () => {
    t = await newAccountWithAdmin('permission-property');
    [me, other] = await Promise.all([invite(t.token, 'general', 'me'), invite(t.token, 'general', 'other')]);
    names.set(me.user.id, 'me').set(other.user.id, 'other');
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      departments: [{ name: 'Operations' }],
      privacyStatuses: [{ name: 'Restricted' }, { name: 'Secret' }, { name: 'Top secret' }],
    });
    if (settings.status !== 200) throw new Error(`account: ${settings.status} ${JSON.stringify(settings.body)}`);
    statusIds = settings.body.privacyStatuses.map((s: { id: string }) => s.id);
    const watcher = await send('POST', '/external-users', t.token, {
      givenName: 'Watch',
      familyName: 'Er',
      email: newEmail('watcher'),
    });
    if (watcher.status !== 201) throw new Error(`external user: ${watcher.status} ${JSON.stringify(watcher.body)}`);
    watcherId = watcher.body.id;
    for (const [i, id] of statusIds.entries()) names.set(id, `s${i + 1}`);
    const department: string = settings.body.departments[0].id;

    // Owners must be given (so no empty set); logs have exactly one.
    const ownerSets: string[][] = [[me.user.id], [other.user.id], [me.user.id, other.user.id]];
    // Items use s1 and s2; s3 is only ever granted, so a grant can name a status no item has.
    const privacy = [undefined, statusIds[0], statusIds[1]];
    const specs: { type: Listed; facts: WorkItem; label: string; status?: string }[] = [];
    for (const type of ['job', 'incident', 'log'] as const) {
      for (const ownerIds of type === 'log' ? ownerSets.slice(0, 2) : ownerSets) {
        for (const privacyStatusId of privacy) {
          specs.push({
            type,
            label: `${type} owned by ${ownersLabel(ownerIds)}${privacyStatusId ? ` in ${nameOf(privacyStatusId)}` : ''}`,
            facts: { type, ownerIds, ...(privacyStatusId !== undefined ? { privacyStatusId } : {}) },
            ...(statusesOf[type] ? { status: statusesOf[type][0] } : {}),
          });
        }
      }
    }
    for (const ownerIds of ownerSets) {
      for (const confidential of [false, true]) {
        const what = `owned by ${ownersLabel(ownerIds)}${confidential ? ', confidential' : ''}`;
        for (const status of ['draft', 'open']) {
          specs.push({
            type: 'risk',
            label: `${status} risk ${what}`,
            status,
            facts: { type: 'risk', ownerIds, confidential, status },
          });
        }
        specs.push({
          type: 'riskAssessment',
          label: `risk assessment ${what}`,
          facts: { type: 'riskAssessment', ownerIds, confidential },
        });
        // The project's id is filled in once it exists.
        specs.push({
          type: 'project',
          label: `project ${what}`,
          status: 'active',
          facts: { type: 'project', id: '', ownerIds, confidential },
        });
      }
    }
    specs.push({ type: 'jobCategory', label: 'job category', facts: { type: 'jobCategory' } });

    const items = await Promise.all(
      specs.map(async (spec, n): Promise<Stored> => {
        // Half of the items are in a department: departments must not change who sees what.
        const department_ = n % 2 === 0 && spec.type !== 'jobCategory' ? { departmentId: department } : {};
        const facts = spec.facts as WorkItem & {
          ownerIds?: string[];
          privacyStatusId?: string;
          confidential?: boolean;
        };
        const body = {
          ...bodyOf(spec.type, { ...facts, ...(spec.status ? { status: spec.status } : {}) }, spec.label),
          ...department_,
          // Each job and incident has activity: the watcher's assignment to it.
          ...(audited.has(spec.type) ? { externalUsers: [{ id: watcherId }] } : {}),
        };
        const id = await seed(spec.type, routeOf[spec.type], body);
        const path = `${routeOf[spec.type]}/${id}`;
        return {
          id,
          type: spec.type,
          path,
          seePath: path,
          facts: (facts.type === 'project'
            ? { ...facts, id, ...department_ }
            : facts.type === 'jobCategory'
              ? facts
              : { ...facts, ...department_ }) as WorkItem,
          label: spec.label,
          same: spec.type === 'jobCategory' ? { name: spec.label } : { title: spec.label },
          ...(spec.status ? { status: spec.status } : {}),
        };
      }),
    );
    corpus.push(...items);
    for (const project of items.filter((item) => item.type === 'project')) names.set(project.id, project.label);

    // Each project's plan: a task group holding a task that `me` owns (task owners must not matter).
    const plans = await Promise.all(
      items
        .filter((item) => item.type === 'project')
        .map(async (project): Promise<Stored[]> => {
          const ref = projectRefOf(project);
          const plan = `${project.path}/task-groups`;
          const groupName = `group in ${project.label}`;
          const groupId = await seed('taskGroup', plan, { name: groupName });
          const taskTitle = `task in ${project.label}`;
          const taskId = await seed('task', `${project.path}/tasks`, {
            title: taskTitle,
            groupId,
            ownerId: me.user.id,
          });
          return [
            {
              id: groupId,
              type: 'taskGroup',
              path: `${plan}/${groupId}`,
              seePath: plan,
              facts: { type: 'taskGroup', project: ref },
              label: groupName,
              same: { name: groupName },
            },
            {
              id: taskId,
              type: 'task',
              path: `${project.path}/tasks/${taskId}`,
              seePath: plan,
              facts: { type: 'task', project: ref, ownerIds: [me.user.id] },
              label: taskTitle,
              same: { title: taskTitle },
              status: 'todo',
            },
          ];
        }),
    );
    corpus.push(...plans.flat());
    await drainStreams();
  });

  /** Makes `me` the generated user: role and every module permission stored as given, nothing kept from the last run. */
  async function become(role: StaffRole, permissions: ModulePermissions): Promise<void> {
    // The user as the last run stored it saves a read; after a failed write it is read afresh.
    const current = meStored ?? (await findStaffUser(t.account.id, me.user.id));
    if (!current) throw new Error('the generated user is gone');
    meStored = undefined;
    meStored = await updateStaffUser(current, current.version, { role, permissions }, new Date());
  }

  /** Differences between what a list answered and what the reference lets the user see, each once. */
  async function listProblems(type: Listed, reference: Reference): Promise<string[]> {
    const ids = await listIds(routeOf[type], me.token, '', 100);
    const ofType = corpus.filter((item) => item.type === type);
    const expected = new Set(ofType.filter((item) => reference.maySee(item.facts)).map((item) => item.id));
    const labelOf = (id: string) => ofType.find((item) => item.id === id)?.label ?? `unknown ${type} ${id}`;
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${routeOf[type]} lists twice: ${labelOf(id)}`);
      else if (!expected.has(id)) problems.push(`${routeOf[type]} lists what the rules deny: ${labelOf(id)}`);
      seen.add(id);
    }
    for (const id of expected) {
      if (!seen.has(id)) problems.push(`${routeOf[type]} hides what the rules allow: ${labelOf(id)}`);
    }
    return problems;
  }

  /**
   * Differences between the external activity the user is shown and the reference: admin roles see
   * the entries of exactly the jobs and incidents they may see (confidential ones by their privacy
   * status grants); everyone else is refused.
   */
  async function activityProblems(role: StaffRole, reference: Reference): Promise<string[]> {
    const res = await api(`/external-activity?externalUserId=${watcherId}&limit=100`, { token: me.token });
    if (!adminRoles.includes(role)) {
      return res.status === 403 ? [] : [`the activity view answers ${res.status} to a ${role}, not 403`];
    }
    if (res.status !== 200 || res.body.cursor) return [`the activity view answers ${res.status} in more than a page`];
    const shown = new Set<string>(res.body.items.flatMap((e: { itemId?: string }) => (e.itemId ? [e.itemId] : [])));
    const problems: string[] = [];
    for (const item of corpus.filter((i) => audited.has(i.type))) {
      const allowed = reference.maySee(item.facts);
      if (allowed && !shown.has(item.id)) problems.push(`the activity view hides what the rules allow: ${item.label}`);
      if (!allowed && shown.has(item.id)) problems.push(`the activity view shows what the rules deny: ${item.label}`);
    }
    return problems;
  }

  /** The request an action on a stored item makes; every write is harmless when allowed (stale version). */
  function requestFor(action: StoredAction, item: Stored): { method: string; path: string; body?: object } {
    switch (action) {
      case 'see':
        return { method: 'GET', path: item.seePath };
      case 'edit':
        return { method: 'PATCH', path: item.path, body: { version: staleVersion, ...item.same } };
      case 'changeStatus': {
        const status = statusesOf[item.type]?.find((s) => s !== item.status);
        return { method: 'PATCH', path: item.path, body: { version: staleVersion, status } };
      }
      case 'archive':
        return item.type === 'jobCategory'
          ? { method: 'PATCH', path: item.path, body: { version: staleVersion, archived: true } }
          : { method: 'POST', path: `${item.path}/archive` };
      case 'delete':
        return { method: 'DELETE', path: item.path };
    }
  }

  /**
   * Sends one action on a stored item. An allowed archive or delete would change the corpus, so
   * those are sent only when the reference refuses them; the allowed ones are covered by the
   * per-rule e2e tests (jobs, incidents, logs, risks, risk assessments, projects and tasks).
   */
  async function probeStored(action: StoredAction, item: Stored, reference: Reference): Promise<string[]> {
    const answer = reference.answer(action, item.facts);
    if (answer === 'allowed' && destructive(action, item.type)) return [];
    const { method, path, body } = requestFor(action, item);
    const res = await send(method, path, me.token, body);
    const expected = expectedStatus(action, answer);
    const code = JSON.stringify(res.body?.error?.code ?? '');
    if (res.status !== expected) return [`${action} ${item.label}: ${res.status} ${code}, the rules say ${expected}`];
    // An item's audit trail is seen exactly as the item is.
    if (action === 'see' && audited.has(item.type)) {
      const trail = await api(`${item.path}/audit`, { token: me.token });
      if (trail.status !== expected)
        return [`see the trail of ${item.label}: ${trail.status}, the rules say ${expected}`];
    }
    // A plan shown must hold the item: a 200 alone would not say that the item was seen.
    if (action === 'see' && res.status === 200 && item.seePath !== item.path) {
      const plan = [...res.body.taskGroups, ...res.body.tasks].map((i: { id: string }) => i.id);
      if (!plan.includes(item.id)) return [`see ${item.label}: its project's plan leaves it out`];
    }
    return [];
  }

  /** The ids the Account Admin finds where a create probe posted: the corpus's, if nothing stayed behind. */
  async function idsIn(collection: string): Promise<string[]> {
    if (!collection.startsWith('/projects/')) return listIds(collection, t.token, '', 100);
    const plan = await api(collection.replace(/\/tasks$/, '/task-groups'), { token: t.token });
    return [...plan.body.taskGroups, ...plan.body.tasks].map((i: { id: string }) => i.id);
  }

  /** Removes an item a create probe made, as the Account Admin, so the corpus stays fixed. */
  async function removeCreated(item: NewItem, created: { id: string; name?: string }): Promise<void> {
    if (item.type === 'jobCategory') {
      // Job categories have no delete route (they are archived): remove the probe's straight from the table.
      await transact(
        [
          { name: 'category', write: deleteItem(keys.jobCategory(t.account.id, created.id)) },
          { name: 'nameGuard', write: deleteItem(keys.jobCategoryName(t.account.id, created.name ?? '')) },
        ],
        'could not remove the probe category',
      );
      return;
    }
    const res = await send('DELETE', `${item.collection}/${created.id}`, t.token);
    if (res.status !== 204) throw new Error(`remove the probe ${item.type}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Sends one create; whatever it answers, nothing it made outlives the probe. */
  async function probeCreate(item: NewItem, reference: Reference): Promise<string[]> {
    const expected = expectedStatus('create', reference.answer('create', item.facts));
    const res = await send('POST', item.collection, me.token, item.body);
    const problems: string[] = [];
    try {
      if (res.status !== expected) {
        const code = JSON.stringify(res.body?.error?.code ?? '');
        problems.push(`create ${item.label}: ${res.status} ${code}, the rules say ${expected}`);
      }
    } finally {
      if (res.status === 201) await removeCreated(item, res.body);
    }
    // A refused create must have written nothing: the Account Admin still finds exactly the corpus there.
    const found = (await idsIn(item.collection)).sort();
    const seePath = item.collection.replace(/\/tasks$/, '/task-groups');
    const expectedIds = corpus
      .filter((s) =>
        item.collection.startsWith('/projects/') ? s.seePath === seePath && s.path !== seePath : s.type === item.type,
      )
      .map((s) => s.id)
      .sort();
    if (JSON.stringify(found) !== JSON.stringify(expectedIds))
      problems.push(`after create ${item.label} the corpus changed`);
    return problems;
  }

  it(`answers lists, reads, edits, status changes, removals and creates as the reference does, for ${numRuns} generated users`, async () => {
    const meId: string = me.user.id;
    const otherId: string = other.user.id;
    const projects = corpus.filter((item) => item.type === 'project');
    const storedPermissions = storedPermissionsArbitrary({ projectIds: projects.map((p) => p.id), statusIds });
    const applies = (action: StoredAction, item: Stored) =>
      (action !== 'changeStatus' || statusesOf[item.type] !== undefined) &&
      !(action === 'delete' && item.type === 'jobCategory') &&
      !(action === 'archive' && item.type === 'taskGroup');
    const pairs = corpus.flatMap((item) =>
      (['see', 'edit', 'changeStatus', 'archive', 'delete'] as const)
        .filter((action) => applies(action, item))
        // Counterexamples print as "edit job owned by [me] in s1" rather than as the whole item.
        .map((action) => ({ action, item, [fc.toStringMethod]: () => `${action} ${item.label}` })),
    );
    const owners = fc.constantFrom<string[]>([meId], [otherId], [meId, otherId]);
    const privacyStatus = fc.option(fc.constantFrom(...statusIds), { nil: undefined });
    const newItem: fc.Arbitrary<NewItem> = fc
      .oneof(
        fc.record({ type: fc.constantFrom('job' as const, 'incident' as const), ownerIds: owners, privacyStatus }),
        fc.record({
          type: fc.constant('log' as const),
          ownerIds: fc.constantFrom<string[]>([meId], [otherId]),
          privacyStatus,
        }),
        fc.record({
          type: fc.constant('risk' as const),
          ownerIds: owners,
          confidential: fc.boolean(),
          status: fc.constantFrom('draft', 'open', 'closed'),
        }),
        fc.record({
          type: fc.constantFrom('riskAssessment' as const, 'project' as const),
          ownerIds: owners,
          confidential: fc.boolean(),
        }),
        fc.record({ type: fc.constant('jobCategory' as const) }),
        fc.record({
          type: fc.constantFrom('taskGroup' as const, 'task' as const),
          project: fc.constantFrom(...projects),
        }),
      )
      .map((sample): NewItem => {
        const title = `probe ${randomUUID()}`;
        switch (sample.type) {
          case 'job':
          case 'incident':
          case 'log': {
            const privacyStatusId = sample.privacyStatus;
            const facts = { ownerIds: sample.ownerIds, ...(privacyStatusId !== undefined ? { privacyStatusId } : {}) };
            const where = privacyStatusId ? ` in ${nameOf(privacyStatusId)}` : '';
            return {
              type: sample.type,
              collection: routeOf[sample.type],
              body: bodyOf(sample.type, facts, title),
              facts: { type: sample.type, ...facts },
              label: `new ${sample.type} owned by ${ownersLabel(sample.ownerIds)}${where}`,
            };
          }
          case 'risk':
          case 'riskAssessment':
          case 'project': {
            const { type, ownerIds, confidential } = sample;
            const status = sample.type === 'risk' ? sample.status : undefined;
            const facts: WorkItem =
              type === 'risk'
                ? { type, ownerIds, confidential, status: status ?? 'draft' }
                : // A new project has no id yet, so no specific-project grant can name it.
                  type === 'project'
                  ? { type, id: 'new project', ownerIds, confidential }
                  : { type, ownerIds, confidential };
            return {
              type,
              collection: routeOf[type],
              body: bodyOf(type, { ownerIds, confidential, ...(status ? { status } : {}) }, title),
              facts,
              label: `new ${status ? `${status} ` : ''}${type} owned by ${ownersLabel(ownerIds)}${confidential ? ', confidential' : ''}`,
            };
          }
          case 'taskGroup':
          case 'task': {
            return {
              type: sample.type,
              collection: `${sample.project.path}/${sample.type === 'task' ? 'tasks' : 'task-groups'}`,
              body: bodyOf(sample.type, {}, title),
              facts: { type: sample.type, project: projectRefOf(sample.project) },
              label: `new ${sample.type} in ${sample.project.label}`,
            };
          }
        }
        return {
          type: 'jobCategory',
          collection: routeOf.jobCategory,
          body: { name: title },
          facts: { type: 'jobCategory' },
          label: 'new job category',
        };
      })
      .map((made) => Object.assign(made, { [fc.toStringMethod]: () => `create ${made.label}` }));

    await fc.assert(
      fc.asyncProperty(
        roleArbitrary,
        storedPermissions,
        fc.uniqueArray(fc.constantFrom(...pairs), { minLength: 1, maxLength: 3 }),
        fc.array(newItem, { maxLength: 1 }),
        async (role, permissions, probes, creates) => {
          await become(role, permissions);
          const reference = referenceModel(role, meId, permissions);
          // Probes on stored items change nothing, so they run alongside the lists; a create runs after them.
          const problems = (
            await Promise.all([
              ...listed.map((type) => listProblems(type, reference)),
              activityProblems(role, reference),
              ...probes.map(({ action, item }) => probeStored(action, item, reference)),
            ])
          ).flat();
          for (const item of creates) problems.push(...(await probeCreate(item, reference)));
          expect(problems, `${role} with ${readable(permissions)}`).toEqual([]);
        },
      ),
      { numRuns },
    );
  }, 300_000);
});
