/** The API's shapes the page reads (docs/openapi.json). */

export type AccessState = 'open' | 'completed' | 'past_due' | 'revoked';
export type ItemType = 'job' | 'incident';

export interface LinkState {
  state: AccessState;
  itemType: ItemType | null;
  message: string;
}

export interface CodeRequested {
  session: string;
  sentTo: string;
  codeLength: number;
  expiresInSeconds: number;
  resendAfterSeconds: number;
  attemptsRemaining: number;
}

export interface Verification {
  idToken: string;
  verifiedUntil: string;
  item: { type: ItemType; id: string };
}

export type ResponseType =
  | { type: 'yes_no_na' }
  | { type: 'pass_fail_na' }
  | { type: 'text'; maxLength?: number }
  | { type: 'number'; min?: number; max?: number; unit?: string }
  | { type: 'date' }
  | { type: 'datetime' }
  | { type: 'single_choice'; options: string[] }
  | { type: 'multiple_choice'; options: string[] }
  | { type: 'signature' }
  | { type: 'photo'; maxFiles?: number }
  | { type: 'instruction' };

export interface ChecklistItem {
  id: string;
  label: string;
  help?: string;
  required: boolean;
  response: ResponseType;
}

export interface Checklist {
  id: string;
  title: string;
  sections: { id: string; title: string; items: ChecklistItem[] }[];
}

export interface Answer {
  checklistId: string;
  checklistItemId: string;
  value: unknown;
  /** Only on the caller's own answers. */
  requestId?: string;
  version: number;
}

export interface Comment {
  id: string;
  checklistId: string;
  checklistItemId: string;
  text: string;
  author: { kind: 'external' | 'staff'; id: string };
  createdAt: string;
  version: number;
}

export interface Attachment {
  id: string;
  checklistId: string;
  checklistItemId: string;
  fileName: string;
  contentType: string;
  status: 'pending' | 'confirmed';
  uploadedBy: { kind: 'external' | 'staff'; id: string };
  url: string;
}

export interface PortalItem {
  type: ItemType;
  id: string;
  title: string;
  description: string;
  dueAt?: string;
  raisedAt?: string;
  location: { text: string };
  /** The owners' names. */
  owners: string[];
  access: LinkState;
  checklists: {
    checklist: Checklist;
    answers: Answer[];
    comments: Comment[];
    attachments: Attachment[];
    progress: { requiredAnswered: number; requiredTotal: number; answered: number; total: number };
  }[];
}

export interface Terms {
  version: number;
  text: string;
}

/** GET /portal/me: the client, their views and sites, and their checklist assignments. */
export interface ClientMe {
  externalUser: { id: string; givenName: string; familyName: string; email: string };
  roles: { id: string; name: string }[];
  views: { id: string; name: string; kind: 'jobs' | 'calendar' }[];
  accesses: {
    id: string;
    roleIds: string[];
    viewIds: string[];
    customers: { id: string; name: string }[];
    jobIds: string[];
    site?: { id: string; name: string; subSites: Record<string, boolean>; futureSubSites: boolean };
  }[];
  assignments: { type: ItemType; id: string }[];
}

export type Ref = { id: string; name: string } | null;

/** A job as a jobs view shows it: its id and the view's columns only. */
export interface ClientViewJob {
  id: string;
  title?: string;
  status?: string;
  dueAt?: string;
  location?: { text: string };
  category?: Ref;
  customer?: Ref;
  site?: Ref;
  owners?: string[];
  createdAt?: string;
  updatedAt?: string;
}

export interface ClientViewJobsPage {
  view: { id: string; name: string; columns: string[] };
  items: ClientViewJob[];
  cursor?: string;
}

export interface ClientCalendarPage {
  view: { id: string; name: string };
  from: string;
  to: string;
  items: { id: string; title: string; dueAt: string; status: string }[];
  cursor?: string;
}

export interface ActivityItem {
  type: 'job' | 'incident' | 'log';
  id: string;
  title: string;
  at: string;
  status?: string;
  siteId?: string;
}

export interface ClientSiteActivityPage {
  site: { id: string; name: string };
  items: ActivityItem[];
  cursor?: string;
}

interface StatusCounts {
  total: number;
  byStatus: Record<string, number>;
}

/** GET /portal/sites/{siteId}/dashboard: counts by status and per day. */
export interface ClientSiteDashboard {
  site: { id: string; name: string };
  timeZone: string;
  from: string;
  to: string;
  jobsTo: string;
  counts: { job: StatusCounts; incident: StatusCounts; log: StatusCounts };
  perDay: { date: string; job: number; incident: number; log: number }[];
  truncated: boolean;
}

/** A checklist assignment of mine, as GET /portal/assignments answers it. */
export interface MyAssignment {
  type: ItemType;
  id: string;
  title: string;
  status: string;
  dueAt?: string;
  raisedAt?: string;
  progress?: { requiredAnswered: number; requiredTotal: number };
}

export interface MyAssignmentsPage {
  items: MyAssignment[];
  cursor?: string;
}
