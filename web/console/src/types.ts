/** The API shapes the console reads (from docs/openapi.json), only the fields it uses. */

export interface Reach {
  items: 'none' | 'owned' | 'all';
}
export interface ItemRights {
  access: boolean;
  see: Reach;
  edit: Reach;
  changeStatus: Reach;
  archive: Reach;
  delete: Reach;
  create: Reach;
}
export type StaffRole = 'account_admin' | 'user_admin' | 'admin' | 'general';
export interface Me {
  id: string;
  accountId: string;
  email: string;
  givenName: string;
  familyName: string;
  role: StaffRole;
  effectivePermissions: {
    role: StaffRole;
    settings: { account: boolean; users: boolean; other: boolean };
    can: { job: ItemRights; incident: ItemRights };
  };
}
export interface Page<T> {
  items: T[];
  cursor?: string;
}
export interface StaffUser {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  role: StaffRole;
  status: string;
}
export interface WorkItem {
  id: string;
  title: string;
  status: string;
  ownerIds: string[];
  ownerNames?: string[];
  location: { text: string };
  dueAt?: string;
  raisedAt?: string;
  severity?: string | number;
  description?: string;
  archived: boolean;
  version: number;
  privacyStatusId?: string;
  categoryId?: string;
}
export type ResponseType =
  | 'yes_no_na'
  | 'pass_fail_na'
  | 'text'
  | 'number'
  | 'date'
  | 'datetime'
  | 'single_choice'
  | 'multiple_choice'
  | 'signature'
  | 'photo'
  | 'instruction';
export interface ChecklistItem {
  id: string;
  label: string;
  help?: string;
  required: boolean;
  response: { type: ResponseType; options?: string[]; unit?: string };
}
export interface Actor {
  kind: 'external' | 'staff' | 'system';
  id?: string;
}
export interface ChecklistWithAnswers {
  checklist: { id: string; title: string; sections: { id: string; title: string; items: ChecklistItem[] }[] };
  answers: { checklistItemId: string; value: unknown; answeredBy: Actor; answeredAt: string }[];
  comments: { id: string; checklistItemId: string; text: string; author: Actor; createdAt: string }[];
  attachments: {
    id: string;
    checklistItemId: string;
    fileName: string;
    contentType: string;
    status: string;
    uploadedBy: Actor;
    createdAt: string;
    url: string;
  }[];
  progress: { requiredAnswered: number; requiredTotal: number; answered: number; total: number };
}
export interface Assignment {
  externalUserId: string;
  givenName: string;
  familyName: string;
  email: string;
  status: 'active' | 'revoked';
  revokedReason?: string;
  emailStatus?: string;
}
export interface AuditEntry {
  at: string;
  action: string;
  actor: Actor;
  details: Record<string, unknown>;
  eventId: string;
  itemType?: 'job' | 'incident';
  itemId?: string;
  externalUserId?: string;
  subject?: { type: string; id: string };
}
export interface ExternalUser {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  status: 'active' | 'disabled' | 'promoted';
  version: number;
}
export interface Account {
  privacyStatuses: { id: string; name: string; archived: boolean }[];
  incidentSeverityScale: 'levels' | 'numeric';
}

/** A staff user's module permissions, as stored and as PATCH /users/{id} takes them (the whole set). */
export type ModulePermissions = Record<string, Record<string, boolean | string | string[]>>;
/** Whether e-mail reaches an address: `bounced` or `complained` stop every further e-mail. */
export interface Deliverability {
  status: string;
  reason: string;
  at: string;
  detail?: string;
}
/** A staff user as GET /users/{id} answers it (the list's fields and what the users screen changes). */
export interface StaffUserRecord extends StaffUser {
  status: 'active' | 'disabled' | 'deleted';
  permissions: ModulePermissions;
  deliverability?: Deliverability;
  version: number;
}
/** An external user as GET /external-users/{id} answers it. */
export interface ExternalUserRecord extends ExternalUser {
  autoDisableAt?: string;
  promotedToUserId?: string;
  deliverability?: Deliverability;
  hasAccess: boolean;
  createdAt: string;
}
/** One of an external user's assignments (GET /external-users/{id}/assignments). */
export interface ExternalAssignment {
  itemType: 'job' | 'incident';
  itemId: string;
  externalUserId: string;
  status: 'active' | 'revoked';
  assignedAt: string;
  revokedAt?: string;
  revokedReason?: string;
  emailStatus?: 'pending' | 'sent' | 'failed' | 'bounced' | 'complained';
  emailSentAt?: string;
  emailError?: string;
  linkIssuedAt?: string;
}
/** What POST /external-users/{id}/impersonation answers: a read-only portal session. */
export interface ImpersonationStarted {
  idToken: string;
  sessionId: string;
  expiresAt: string;
  externalUser: { id: string; givenName: string; familyName: string };
}
/* Jobs and incidents: what the full work-item form, the lists' filters and the categories screen read. */
export interface WorkItem {
  departmentId?: string;
  customerId?: string;
  siteId?: string;
}
export interface Named {
  id: string;
  name: string;
  archived: boolean;
}
export type Customer = Named;
export interface Site extends Named {
  customerId: string;
}
export interface JobCategory extends Named {
  description: string;
  defaultOwnerIds: string[];
  departmentIds: string[];
  defaultExternalUserIds?: string[];
  version: number;
}
export interface ChecklistTemplate {
  id: string;
  categoryId: string;
  title: string;
  sections: { id: string; title: string; items: ChecklistItem[] }[];
  version: number;
}
export interface Account {
  departments: Named[];
}
/** A checklist as GET …/checklists gives it, with the version an edit sends. */
export interface ChecklistRecord {
  id: string;
  title: string;
  version: number;
  sections: { id: string; title: string; items: ChecklistItem[] }[];
}
export interface CustomerRecord {
  id: string;
  name: string;
  reference?: string;
  archived: boolean;
  version: number;
}
export interface SiteRecord {
  id: string;
  customerId: string;
  name: string;
  address?: string;
  parentSiteId?: string;
  archived: boolean;
  version: number;
}
export type ViewColumn =
  | 'title'
  | 'status'
  | 'dueAt'
  | 'location'
  | 'category'
  | 'customer'
  | 'site'
  | 'owners'
  | 'createdAt'
  | 'updatedAt';
export interface ExternalView {
  id: string;
  name: string;
  kind: 'jobs' | 'calendar';
  columns: ViewColumn[];
  filters: { statuses?: string[]; categoryIds?: string[]; dueWithinDays?: number; dueFrom?: string; dueTo?: string };
  version: number;
}
export interface ExternalRole {
  id: string;
  name: string;
  viewIds: string[];
  version: number;
}
export type ReportFrequency = 'off' | 'daily' | 'weekly';
export interface ClientAccessEntry {
  id: string;
  status: 'active' | 'revoked';
  roleIds: string[];
  customerIds: string[];
  jobIds: string[];
  site?: { siteId: string; subSites: Record<string, boolean>; futureSubSites: boolean };
  reportFrequency?: ReportFrequency;
  reportOnlyWhenActive?: boolean;
  reportTimeZone?: string;
  reportUnsubscribedAt?: string;
}
export interface ClientAccess {
  externalUserId: string;
  version: number;
  accesses: ClientAccessEntry[];
  warnings: { accessId: string; code: string; message: string }[];
}
export type ReportName = 'jobs' | 'incidents' | 'audit';
export interface ReportPage {
  columns: string[];
  rows: Record<string, string | number | boolean | null | string[]>[];
  cursor?: string;
}
export interface Export {
  id: string;
  report: string;
  format: 'csv' | 'xlsx';
  status: 'queued' | 'running' | 'done' | 'failed';
  rowsWritten: number;
  createdAt: string;
  expired: boolean;
  failureReason?: string;
  download?: { url: string; expiresAt: string };
}
export interface Import {
  id: string;
  kind: 'jobs' | 'incidents';
  format: 'csv' | 'xlsx';
  createExternalUsers: boolean;
  status: 'awaiting_upload' | 'validating' | 'rejected' | 'previewed' | 'committing' | 'committed';
  error?: { code: string; message: string; details?: unknown };
  preview?: {
    rows: number;
    create: number;
    update: number;
    skip: number;
    invalid: number;
    errors: { row: number; column: string; problem: string }[];
    externalUsersToCreate: string[];
    externalUsersToCreateCount: number;
  };
  progress?: { rowsApplied: number; rowsTotal: number };
  summary?: {
    created: number;
    updated: number;
    skipped: number;
    failed: number;
    failures: { row: number; reason: string }[];
    invalidSkipped?: number;
    invalidRows?: { row: number; problems: { column: string; problem: string }[] }[];
  };
}
export interface StartedImport {
  import: Import;
  upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
}
export interface FeedKey {
  id: string;
  name: string;
  status: 'active' | 'revoked';
  createdBy: string;
  createdAt: string;
  validUntil?: string;
  revokedAt?: string;
  usedHour?: string;
  key?: string;
}
export interface AccountSettings extends Account {
  departments: { id: string; name: string; archived: boolean }[];
  timeZone?: string | null;
}
export interface Named {
  id: string;
  name: string;
}
