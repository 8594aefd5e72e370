// The reports' column names, in their order, and nothing else: the contracts build their queries
// from them and the staff console (web/console/src/reports.ts) offers them, so this module stays
// free of zod and of every other import (the console bundles it).

/** The columns both item reports have after their own first ones, from the item's list row. */
export const itemColumns = [
  'location',
  'ownerIds',
  'ownerNames',
  'departmentId',
  'privacyStatusId',
  'customerId',
  'siteId',
  'archived',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
] as const;

/**
 * The optional external-user columns: the assigned external users (ids, names, addresses), each
 * one's e-mail status and link state (in the order of the ids), the item's required checklist
 * items answered and their total, and the external users' last portal visit.
 */
export const externalUserColumns = [
  'externalUserIds',
  'externalUserNames',
  'externalUserEmails',
  'externalUserEmailStatuses',
  'externalUserLinkStates',
  'requiredAnswered',
  'requiredTotal',
  'lastPortalActivityAt',
  'lastAnsweredBy',
  'lastAnsweredAt',
] as const;
export type ExternalUserColumn = (typeof externalUserColumns)[number];

/**
 * A date column's twin in the account's time zone (`dueAt` → `dueAtLocal`): the same instant as
 * ISO 8601 with the zone's offset (`2026-07-01T09:00:00+01:00`), empty when the account has none.
 */
export const localColumnOf = (name: string) => `${name}Local`;
export const isLocalColumn = (name: string) => name.endsWith('Local');

/** The item reports' local-time columns, after every other column. */
export const itemLocalColumns = ['createdAt', 'updatedAt', 'lastPortalActivityAt', 'lastAnsweredAt'].map(localColumnOf);

export const jobReportColumns = [
  'id',
  'title',
  'status',
  'dueAt',
  'categoryId',
  ...itemColumns,
  ...externalUserColumns,
  localColumnOf('dueAt'),
  ...itemLocalColumns,
];

export const incidentReportColumns = [
  'id',
  'title',
  'status',
  'raisedAt',
  'severity',
  ...itemColumns,
  ...externalUserColumns,
  localColumnOf('raisedAt'),
  ...itemLocalColumns,
];

/**
 * The audit report's columns: the entry's time (UTC, and in the account's time zone), what
 * happened, who did it, on which item, about which external user or setting, and the details as
 * JSON text.
 */
export const auditReportColumns = [
  'at',
  'atLocal',
  'action',
  'actorKind',
  'actorId',
  'itemType',
  'itemId',
  'externalUserId',
  'subjectType',
  'subjectId',
  'details',
] as const;
