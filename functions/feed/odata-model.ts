import type { AssignableType } from '#shared/data/keys';

// The feed's entity model: what $metadata describes and what each entity set's rows hold.

/** An entity property: its name in the feed, its EDM type, and where its value comes from. */
export interface FeedProperty {
  name: string;
  type: 'Edm.String' | 'Edm.Boolean' | 'Edm.DateTimeOffset' | 'Collection(Edm.String)';
  /** The record's attribute (the property's own name unless given). */
  from?: string;
  nullable?: boolean;
}

/** A navigation property: the entity a foreign key property names (so Power BI can relate the sets). */
export interface FeedNavigation {
  name: string;
  /** The entity set it leads to. */
  target: string;
  /** The property of this entity that holds the target's `id`. */
  property: string;
}

/**
 * Where an entity set's rows come from (docs/data-model.md): `items` the `changes` index (FEED-4),
 * `assignments` and `answers` the collections of the items on `changes` (FEED-5, FEED-6),
 * `activity` the account's external activity (FEED-9, AUD-3), `externalUsers` the account's
 * external users by name (XU-1), or by modification time with a `modifiedAt` bound (FEED-10).
 */
export type FeedSource = 'items' | 'assignments' | 'answers' | 'activity' | 'externalUsers';

/** An entity set of the feed. */
export interface FeedEntitySet {
  name: string;
  entityType: string;
  source: FeedSource;
  /** The item types whose `changes` partitions the set walks (items, assignments, answers). */
  itemTypes: readonly AssignableType[];
  properties: readonly FeedProperty[];
  navigation?: readonly FeedNavigation[];
}

const itemProperties: readonly FeedProperty[] = [
  { name: 'location', type: 'Edm.String', nullable: true },
  { name: 'ownerIds', type: 'Collection(Edm.String)' },
  { name: 'ownerNames', type: 'Collection(Edm.String)' },
  { name: 'departmentId', type: 'Edm.String', nullable: true },
  { name: 'privacyStatusId', type: 'Edm.String', nullable: true },
  { name: 'customerId', type: 'Edm.String', nullable: true },
  { name: 'siteId', type: 'Edm.String', nullable: true },
  { name: 'externalUserIds', type: 'Collection(Edm.String)', from: 'externalUsers' },
  { name: 'archived', type: 'Edm.Boolean' },
  // A deleted item's row keeps only what its tombstone holds: id, title, owners, department,
  // privacy status, and these two.
  { name: 'isDeleted', type: 'Edm.Boolean', from: 'deleted' },
  { name: 'deletedAt', type: 'Edm.DateTimeOffset', nullable: true },
  { name: 'createdAt', type: 'Edm.DateTimeOffset', nullable: true },
  { name: 'createdBy', type: 'Edm.String', nullable: true },
  { name: 'modifiedAt', type: 'Edm.DateTimeOffset', from: 'updatedAt' },
  { name: 'modifiedBy', type: 'Edm.String', from: 'updatedBy', nullable: true },
];

/** The item a row belongs to: its type and id, and the id again as `jobId` or `incidentId` (a foreign key each). */
const itemReference: readonly FeedProperty[] = [
  { name: 'itemType', type: 'Edm.String' },
  { name: 'itemId', type: 'Edm.String' },
  { name: 'jobId', type: 'Edm.String', nullable: true },
  { name: 'incidentId', type: 'Edm.String', nullable: true },
];

const toItems: readonly FeedNavigation[] = [
  { name: 'job', target: 'Jobs', property: 'jobId' },
  { name: 'incident', target: 'Incidents', property: 'incidentId' },
];

// Each entity set on its own, so a set's route function bundles its own definition only.

export const jobsSet: FeedEntitySet = {
  name: 'Jobs',
  entityType: 'Job',
  source: 'items',
  itemTypes: ['job'],
  properties: [
    { name: 'id', type: 'Edm.String' },
    { name: 'title', type: 'Edm.String', nullable: true },
    { name: 'status', type: 'Edm.String', nullable: true },
    { name: 'dueAt', type: 'Edm.DateTimeOffset', nullable: true },
    { name: 'categoryId', type: 'Edm.String', nullable: true },
    ...itemProperties,
  ],
};

export const incidentsSet: FeedEntitySet = {
  name: 'Incidents',
  entityType: 'Incident',
  source: 'items',
  itemTypes: ['incident'],
  properties: [
    { name: 'id', type: 'Edm.String' },
    { name: 'title', type: 'Edm.String', nullable: true },
    { name: 'status', type: 'Edm.String', nullable: true },
    { name: 'raisedAt', type: 'Edm.DateTimeOffset', nullable: true },
    { name: 'severity', type: 'Edm.String', nullable: true },
    ...itemProperties,
  ],
};

export const externalUsersSet: FeedEntitySet = {
  name: 'ExternalUsers',
  entityType: 'ExternalUser',
  source: 'externalUsers',
  itemTypes: [],
  properties: [
    { name: 'id', type: 'Edm.String' },
    { name: 'givenName', type: 'Edm.String' },
    { name: 'familyName', type: 'Edm.String' },
    { name: 'email', type: 'Edm.String' },
    { name: 'status', type: 'Edm.String' },
    { name: 'autoDisableAt', type: 'Edm.DateTimeOffset', nullable: true },
    { name: 'promotedToUserId', type: 'Edm.String', nullable: true },
    { name: 'createdAt', type: 'Edm.DateTimeOffset' },
    { name: 'createdBy', type: 'Edm.String' },
    { name: 'modifiedAt', type: 'Edm.DateTimeOffset', from: 'updatedAt' },
    { name: 'modifiedBy', type: 'Edm.String', from: 'updatedBy' },
  ],
};

export const assignmentsSet: FeedEntitySet = {
  name: 'Assignments',
  entityType: 'Assignment',
  source: 'assignments',
  itemTypes: ['job', 'incident'],
  properties: [
    { name: 'id', type: 'Edm.String' },
    ...itemReference,
    { name: 'externalUserId', type: 'Edm.String' },
    { name: 'givenName', type: 'Edm.String' },
    { name: 'familyName', type: 'Edm.String' },
    { name: 'email', type: 'Edm.String' },
    /** `active` or `revoked`: a revoked assignment stays a row (the incremental refresh learns of it). */
    { name: 'status', type: 'Edm.String' },
    { name: 'emailStatus', type: 'Edm.String', nullable: true },
    { name: 'linkState', type: 'Edm.String' },
    { name: 'assignedAt', type: 'Edm.DateTimeOffset' },
    { name: 'assignedBy', type: 'Edm.String' },
    { name: 'revokedAt', type: 'Edm.DateTimeOffset', nullable: true },
    { name: 'revokedBy', type: 'Edm.String', nullable: true },
    { name: 'lastViewedAt', type: 'Edm.DateTimeOffset', nullable: true, from: 'viewedAt' },
    { name: 'lastAnsweredAt', type: 'Edm.DateTimeOffset', nullable: true, from: 'answeredAt' },
    { name: 'modifiedAt', type: 'Edm.DateTimeOffset', from: 'updatedAt' },
  ],
  navigation: [...toItems, { name: 'externalUser', target: 'ExternalUsers', property: 'externalUserId' }],
};

export const checklistAnswersSet: FeedEntitySet = {
  name: 'ChecklistAnswers',
  entityType: 'ChecklistAnswer',
  source: 'answers',
  itemTypes: ['job', 'incident'],
  properties: [
    { name: 'id', type: 'Edm.String' },
    ...itemReference,
    { name: 'checklistId', type: 'Edm.String' },
    { name: 'checklistItemId', type: 'Edm.String' },
    /** The answer: text as it is, any other value as its JSON; null when cleared. */
    { name: 'value', type: 'Edm.String', nullable: true },
    { name: 'answeredByKind', type: 'Edm.String' },
    { name: 'answeredById', type: 'Edm.String' },
    { name: 'externalUserId', type: 'Edm.String', nullable: true },
    { name: 'answeredAt', type: 'Edm.DateTimeOffset' },
    { name: 'modifiedAt', type: 'Edm.DateTimeOffset', from: 'answeredAt' },
  ],
  navigation: [...toItems, { name: 'externalUser', target: 'ExternalUsers', property: 'externalUserId' }],
};

export const auditEventsSet: FeedEntitySet = {
  name: 'AuditEvents',
  entityType: 'AuditEvent',
  source: 'activity',
  itemTypes: [],
  properties: [
    { name: 'id', type: 'Edm.String', from: 'eventId' },
    { name: 'action', type: 'Edm.String' },
    { name: 'at', type: 'Edm.DateTimeOffset' },
    { name: 'actorKind', type: 'Edm.String' },
    { name: 'actorId', type: 'Edm.String', nullable: true },
    { name: 'itemType', type: 'Edm.String', nullable: true },
    { name: 'itemId', type: 'Edm.String', nullable: true },
    { name: 'jobId', type: 'Edm.String', nullable: true },
    { name: 'incidentId', type: 'Edm.String', nullable: true },
    { name: 'externalUserId', type: 'Edm.String', nullable: true },
    { name: 'subjectType', type: 'Edm.String', nullable: true },
    { name: 'subjectId', type: 'Edm.String', nullable: true },
    /** The event's details as JSON. */
    { name: 'details', type: 'Edm.String' },
    { name: 'modifiedAt', type: 'Edm.DateTimeOffset', from: 'at' },
  ],
  navigation: [...toItems, { name: 'externalUser', target: 'ExternalUsers', property: 'externalUserId' }],
};

/** The entity sets the feed serves, by name. */
export const feedEntitySets: Readonly<Record<string, FeedEntitySet>> = {
  Jobs: jobsSet,
  Incidents: incidentsSet,
  ExternalUsers: externalUsersSet,
  Assignments: assignmentsSet,
  ChecklistAnswers: checklistAnswersSet,
  AuditEvents: auditEventsSet,
};

/** The namespace of the feed's types in $metadata. */
export const feedNamespace = 'FieldPass';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const typeOf = (setName: string) => feedEntitySets[setName]?.entityType ?? setName;

/**
 * The service's CSDL (OData v4 $metadata) as XML. Rows that name another set's row carry its id
 * (`jobId`, `incidentId`, `externalUserId`) and a navigation property with a referential
 * constraint on it, bound to that set, so a client (Power BI) can relate the tables.
 */
export function metadataXml(): string {
  const types = Object.values(feedEntitySets).map(
    (set) =>
      `<EntityType Name="${escapeXml(set.entityType)}"><Key><PropertyRef Name="id"/></Key>${set.properties
        .map(
          (p) =>
            `<Property Name="${escapeXml(p.name)}" Type="${p.type}" Nullable="${p.type.startsWith('Collection') ? 'false' : String(p.nullable === true)}"/>`,
        )
        .join('')}${(set.navigation ?? [])
        .map(
          (n) =>
            `<NavigationProperty Name="${n.name}" Type="${feedNamespace}.${typeOf(n.target)}" Nullable="true">` +
            `<ReferentialConstraint Property="${n.property}" ReferencedProperty="id"/></NavigationProperty>`,
        )
        .join('')}</EntityType>`,
  );
  const sets = Object.values(feedEntitySets).map((set) => {
    const open = `<EntitySet Name="${escapeXml(set.name)}" EntityType="${feedNamespace}.${escapeXml(set.entityType)}"`;
    if (!set.navigation?.length) return `${open}/>`;
    const bindings = set.navigation.map((n) => `<NavigationPropertyBinding Path="${n.name}" Target="${n.target}"/>`);
    return `${open}>${bindings.join('')}</EntitySet>`;
  });
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>' +
    `<Schema Namespace="${feedNamespace}" xmlns="http://docs.oasis-open.org/odata/ns/edm">${types.join('')}` +
    `<EntityContainer Name="Feed">${sets.join('')}</EntityContainer></Schema>` +
    '</edmx:DataServices></edmx:Edmx>'
  );
}
