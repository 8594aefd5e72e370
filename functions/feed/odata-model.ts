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

/** An entity set of the feed. */
export interface FeedEntitySet {
  name: string;
  entityType: string;
  itemType: AssignableType;
  properties: readonly FeedProperty[];
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
  { name: 'createdAt', type: 'Edm.DateTimeOffset' },
  { name: 'createdBy', type: 'Edm.String' },
  { name: 'modifiedAt', type: 'Edm.DateTimeOffset', from: 'updatedAt' },
  { name: 'modifiedBy', type: 'Edm.String', from: 'updatedBy', nullable: true },
];

/** The entity sets the feed serves, by name. */
export const feedEntitySets: Readonly<Record<string, FeedEntitySet>> = {
  Jobs: {
    name: 'Jobs',
    entityType: 'Job',
    itemType: 'job',
    properties: [
      { name: 'id', type: 'Edm.String' },
      { name: 'title', type: 'Edm.String' },
      { name: 'status', type: 'Edm.String' },
      { name: 'dueAt', type: 'Edm.DateTimeOffset' },
      { name: 'categoryId', type: 'Edm.String', nullable: true },
      ...itemProperties,
    ],
  },
  Incidents: {
    name: 'Incidents',
    entityType: 'Incident',
    itemType: 'incident',
    properties: [
      { name: 'id', type: 'Edm.String' },
      { name: 'title', type: 'Edm.String' },
      { name: 'status', type: 'Edm.String' },
      { name: 'raisedAt', type: 'Edm.DateTimeOffset' },
      { name: 'severity', type: 'Edm.String' },
      ...itemProperties,
    ],
  },
};

/** The namespace of the feed's types in $metadata. */
export const feedNamespace = 'FieldPass';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The service's CSDL (OData v4 $metadata) as XML. */
export function metadataXml(): string {
  const types = Object.values(feedEntitySets).map(
    (set) =>
      `<EntityType Name="${escapeXml(set.entityType)}"><Key><PropertyRef Name="id"/></Key>${set.properties
        .map(
          (p) =>
            `<Property Name="${escapeXml(p.name)}" Type="${p.type}" Nullable="${p.type.startsWith('Collection') ? 'false' : String(p.nullable === true)}"/>`,
        )
        .join('')}</EntityType>`,
  );
  const sets = Object.values(feedEntitySets).map(
    (set) => `<EntitySet Name="${escapeXml(set.name)}" EntityType="${feedNamespace}.${escapeXml(set.entityType)}"/>`,
  );
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>' +
    `<Schema Namespace="${feedNamespace}" xmlns="http://docs.oasis-open.org/odata/ns/edm">${types.join('')}` +
    `<EntityContainer Name="Feed">${sets.join('')}</EntityContainer></Schema>` +
    '</edmx:DataServices></edmx:Edmx>'
  );
}
