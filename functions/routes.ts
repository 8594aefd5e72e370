import type { RouteContract } from '#shared/contract';
import { getAccount, updateAccount } from './accounts/account.contract';
import {
  incidentAssignmentRoutes,
  jobAssignmentRoutes,
  listExternalUserAssignments,
} from './assignments/assignment.contract';
import { listExternalActivity, listIncidentAudit, listJobAudit } from './audit/audit.contract';
import { answerIncidentChecklistItem, answerJobChecklistItem } from './checklists/answer.contract';
import { incidentAttachmentRoutes, jobAttachmentRoutes } from './checklists/attachment.contract';
import { incidentChecklistRoutes, jobChecklistRoutes } from './checklists/checklist.contract';
import { incidentCommentRoutes, jobCommentRoutes } from './checklists/comment.contract';
import {
  createExternalUser,
  disableExternalUser,
  enableExternalUser,
  getExternalUser,
  listExternalUsers,
  promoteExternalUser,
  updateExternalUser,
} from './external-users/external-user.contract';
import { getLinkState, headLinkState } from './links/link.contract';
import { changePortalIncident, changePortalJob, getPortalIncident, getPortalJob } from './portal/portal.contract';
import { requestPortalCode, verifyPortalCode } from './portal-sign-in/portal-sign-in.contract';
import {
  createUser,
  deleteUser,
  disableUser,
  enableUser,
  getMe,
  getUser,
  listUsers,
  updateMe,
  updateUser,
} from './staff/staff.contract';
import { getHealth, getOpenApi } from './system/system.contract';
import { acceptTerms, listTerms, publishTerms } from './terms/terms.contract';
import {
  archiveIncident,
  createIncident,
  deleteIncident,
  getIncident,
  listIncidents,
  restoreIncident,
  updateIncident,
} from './work/incidents/incident.contract';
import {
  createChecklistTemplate,
  deleteChecklistTemplate,
  listChecklistTemplates,
  updateChecklistTemplate,
} from './work/job-categories/checklist-template.contract';
import {
  createJobCategory,
  getJobCategory,
  listJobCategories,
  updateJobCategory,
} from './work/job-categories/job-category.contract';
import { archiveJob, createJob, deleteJob, getJob, listJobs, restoreJob, updateJob } from './work/jobs/job.contract';
import { archiveLog, createLog, deleteLog, getLog, listLogs, restoreLog, updateLog } from './work/logs/log.contract';
import {
  archiveTask,
  createTask,
  createTaskGroup,
  deleteTask,
  deleteTaskGroup,
  listProjectPlan,
  updateTask,
  updateTaskGroup,
} from './work/projects/plan.contract';
import {
  archiveProject,
  createProject,
  deleteProject,
  getProject,
  listProjects,
  restoreProject,
  updateProject,
} from './work/projects/project.contract';
import {
  archiveRiskAssessment,
  createRiskAssessment,
  deleteRiskAssessment,
  getRiskAssessment,
  listRiskAssessments,
  restoreRiskAssessment,
  updateRiskAssessment,
} from './work/risk-assessments/risk-assessment.contract';
import {
  archiveRisk,
  createRisk,
  deleteRisk,
  getRisk,
  listRisks,
  restoreRisk,
  updateRisk,
} from './work/risks/risk.contract';

/** A route and the handler module that serves it (its `handler` export). */
export interface RouteBinding {
  contract: RouteContract;
  /** Path of the handler module from the repository root. */
  entry: string;
  /**
   * AWS resources beyond the table that the handler calls; the CDK stack grants exactly these
   * and passes their configuration. `staffDirectory`: the staff Cognito pool's admin actions
   * (STAFF_USER_POOL_ID). `portalDirectory`: the portal pool's admin sign-in actions and reading
   * its client secret (PORTAL_USER_POOL_ID, PORTAL_USER_POOL_CLIENT_ID). `portalSignOut`: signing
   * an external user out of the portal pool, nothing else (PORTAL_USER_POOL_ID). `attachmentLinks`: signs download URLs of
   * the attachments bucket (s3:GetObject; ATTACHMENTS_BUCKET). `attachments`: also signs uploads,
   * reads an upload's first bytes and deletes files (s3:PutObject, s3:GetObject, s3:DeleteObject).
   * `viewRecords`: a GET that puts the portal's view records, the audit trail's "item viewed"
   * (dynamodb:PutItem besides the reads; such a GET needs a verified portal token, so no link
   * scanner reaches it, R9).
   */
  uses?: readonly (
    | 'staffDirectory'
    | 'portalDirectory'
    | 'portalSignOut'
    | 'attachmentLinks'
    | 'attachments'
    | 'viewRecords'
  )[];
}

/**
 * Every HTTP route of FieldPass. The CDK stack deploys one function per entry behind API
 * Gateway, the local HTTP API runs the same modules, and the OpenAPI document lists them.
 */
export const routes: RouteBinding[] = [
  { contract: getHealth, entry: 'functions/system/health.handler.ts' },
  { contract: getOpenApi, entry: 'functions/system/openapi.handler.ts' },
  { contract: getMe, entry: 'functions/staff/me.handler.ts' },
  { contract: updateMe, entry: 'functions/staff/update-me.handler.ts' },
  { contract: getAccount, entry: 'functions/accounts/get-account.handler.ts' },
  { contract: updateAccount, entry: 'functions/accounts/update-account.handler.ts' },
  { contract: listUsers, entry: 'functions/staff/list-users.handler.ts' },
  { contract: createUser, entry: 'functions/staff/create-user.handler.ts', uses: ['staffDirectory'] },
  { contract: getUser, entry: 'functions/staff/get-user.handler.ts' },
  { contract: updateUser, entry: 'functions/staff/update-user.handler.ts' },
  { contract: disableUser, entry: 'functions/staff/disable-user.handler.ts', uses: ['staffDirectory'] },
  { contract: enableUser, entry: 'functions/staff/enable-user.handler.ts', uses: ['staffDirectory'] },
  { contract: deleteUser, entry: 'functions/staff/delete-user.handler.ts', uses: ['staffDirectory'] },
  { contract: listJobs, entry: 'functions/work/jobs/list-jobs.handler.ts' },
  { contract: createJob, entry: 'functions/work/jobs/create-job.handler.ts' },
  { contract: getJob, entry: 'functions/work/jobs/get-job.handler.ts' },
  { contract: updateJob, entry: 'functions/work/jobs/update-job.handler.ts' },
  { contract: archiveJob, entry: 'functions/work/jobs/archive-job.handler.ts' },
  { contract: restoreJob, entry: 'functions/work/jobs/restore-job.handler.ts' },
  { contract: deleteJob, entry: 'functions/work/jobs/delete-job.handler.ts' },
  { contract: listIncidents, entry: 'functions/work/incidents/list-incidents.handler.ts' },
  { contract: createIncident, entry: 'functions/work/incidents/create-incident.handler.ts' },
  { contract: getIncident, entry: 'functions/work/incidents/get-incident.handler.ts' },
  { contract: updateIncident, entry: 'functions/work/incidents/update-incident.handler.ts' },
  { contract: archiveIncident, entry: 'functions/work/incidents/archive-incident.handler.ts' },
  { contract: restoreIncident, entry: 'functions/work/incidents/restore-incident.handler.ts' },
  { contract: deleteIncident, entry: 'functions/work/incidents/delete-incident.handler.ts' },
  { contract: listLogs, entry: 'functions/work/logs/list-logs.handler.ts' },
  { contract: createLog, entry: 'functions/work/logs/create-log.handler.ts' },
  { contract: getLog, entry: 'functions/work/logs/get-log.handler.ts' },
  { contract: updateLog, entry: 'functions/work/logs/update-log.handler.ts' },
  { contract: archiveLog, entry: 'functions/work/logs/archive-log.handler.ts' },
  { contract: restoreLog, entry: 'functions/work/logs/restore-log.handler.ts' },
  { contract: deleteLog, entry: 'functions/work/logs/delete-log.handler.ts' },
  { contract: listRisks, entry: 'functions/work/risks/list-risks.handler.ts' },
  { contract: createRisk, entry: 'functions/work/risks/create-risk.handler.ts' },
  { contract: getRisk, entry: 'functions/work/risks/get-risk.handler.ts' },
  { contract: updateRisk, entry: 'functions/work/risks/update-risk.handler.ts' },
  { contract: archiveRisk, entry: 'functions/work/risks/archive-risk.handler.ts' },
  { contract: restoreRisk, entry: 'functions/work/risks/restore-risk.handler.ts' },
  { contract: deleteRisk, entry: 'functions/work/risks/delete-risk.handler.ts' },
  { contract: listRiskAssessments, entry: 'functions/work/risk-assessments/list-risk-assessments.handler.ts' },
  { contract: createRiskAssessment, entry: 'functions/work/risk-assessments/create-risk-assessment.handler.ts' },
  { contract: getRiskAssessment, entry: 'functions/work/risk-assessments/get-risk-assessment.handler.ts' },
  { contract: updateRiskAssessment, entry: 'functions/work/risk-assessments/update-risk-assessment.handler.ts' },
  { contract: archiveRiskAssessment, entry: 'functions/work/risk-assessments/archive-risk-assessment.handler.ts' },
  { contract: restoreRiskAssessment, entry: 'functions/work/risk-assessments/restore-risk-assessment.handler.ts' },
  { contract: deleteRiskAssessment, entry: 'functions/work/risk-assessments/delete-risk-assessment.handler.ts' },
  { contract: listProjects, entry: 'functions/work/projects/list-projects.handler.ts' },
  { contract: createProject, entry: 'functions/work/projects/create-project.handler.ts' },
  { contract: getProject, entry: 'functions/work/projects/get-project.handler.ts' },
  { contract: updateProject, entry: 'functions/work/projects/update-project.handler.ts' },
  { contract: archiveProject, entry: 'functions/work/projects/archive-project.handler.ts' },
  { contract: restoreProject, entry: 'functions/work/projects/restore-project.handler.ts' },
  { contract: deleteProject, entry: 'functions/work/projects/delete-project.handler.ts' },
  { contract: listProjectPlan, entry: 'functions/work/projects/list-project-plan.handler.ts' },
  { contract: createTaskGroup, entry: 'functions/work/projects/create-task-group.handler.ts' },
  { contract: updateTaskGroup, entry: 'functions/work/projects/update-task-group.handler.ts' },
  { contract: deleteTaskGroup, entry: 'functions/work/projects/delete-task-group.handler.ts' },
  { contract: createTask, entry: 'functions/work/projects/create-task.handler.ts' },
  { contract: updateTask, entry: 'functions/work/projects/update-task.handler.ts' },
  { contract: archiveTask, entry: 'functions/work/projects/archive-task.handler.ts' },
  { contract: deleteTask, entry: 'functions/work/projects/delete-task.handler.ts' },
  { contract: listJobCategories, entry: 'functions/work/job-categories/list-job-categories.handler.ts' },
  { contract: createJobCategory, entry: 'functions/work/job-categories/create-job-category.handler.ts' },
  { contract: getJobCategory, entry: 'functions/work/job-categories/get-job-category.handler.ts' },
  { contract: updateJobCategory, entry: 'functions/work/job-categories/update-job-category.handler.ts' },
  { contract: listChecklistTemplates, entry: 'functions/work/job-categories/list-checklist-templates.handler.ts' },
  { contract: createChecklistTemplate, entry: 'functions/work/job-categories/create-checklist-template.handler.ts' },
  { contract: updateChecklistTemplate, entry: 'functions/work/job-categories/update-checklist-template.handler.ts' },
  { contract: deleteChecklistTemplate, entry: 'functions/work/job-categories/delete-checklist-template.handler.ts' },
  { contract: listExternalUsers, entry: 'functions/external-users/list-external-users.handler.ts' },
  { contract: createExternalUser, entry: 'functions/external-users/create-external-user.handler.ts' },
  { contract: getExternalUser, entry: 'functions/external-users/get-external-user.handler.ts' },
  { contract: updateExternalUser, entry: 'functions/external-users/update-external-user.handler.ts' },
  {
    contract: disableExternalUser,
    entry: 'functions/external-users/disable-external-user.handler.ts',
    uses: ['portalSignOut'],
  },
  { contract: enableExternalUser, entry: 'functions/external-users/enable-external-user.handler.ts' },
  {
    contract: promoteExternalUser,
    entry: 'functions/external-users/promote-external-user.handler.ts',
    uses: ['staffDirectory', 'portalSignOut'],
  },
  { contract: listExternalUserAssignments, entry: 'functions/assignments/list-external-user-assignments.handler.ts' },
  { contract: jobAssignmentRoutes.list, entry: 'functions/assignments/list-job-assignments.handler.ts' },
  { contract: jobAssignmentRoutes.add, entry: 'functions/assignments/assign-to-job.handler.ts' },
  { contract: jobAssignmentRoutes.revoke, entry: 'functions/assignments/revoke-job-assignment.handler.ts' },
  { contract: incidentAssignmentRoutes.list, entry: 'functions/assignments/list-incident-assignments.handler.ts' },
  { contract: incidentAssignmentRoutes.add, entry: 'functions/assignments/assign-to-incident.handler.ts' },
  { contract: incidentAssignmentRoutes.revoke, entry: 'functions/assignments/revoke-incident-assignment.handler.ts' },
  { contract: jobAssignmentRoutes.resendLink, entry: 'functions/assignments/resend-job-assignment-link.handler.ts' },
  {
    contract: incidentAssignmentRoutes.resendLink,
    entry: 'functions/assignments/resend-incident-assignment-link.handler.ts',
  },
  { contract: getLinkState, entry: 'functions/links/get-link-state.handler.ts' },
  { contract: headLinkState, entry: 'functions/links/head-link-state.handler.ts' },
  {
    contract: requestPortalCode,
    entry: 'functions/portal-sign-in/request-portal-code.handler.ts',
    uses: ['portalDirectory'],
  },
  {
    contract: verifyPortalCode,
    entry: 'functions/portal-sign-in/verify-portal-code.handler.ts',
    uses: ['portalDirectory'],
  },
  {
    contract: getPortalJob,
    entry: 'functions/portal/get-portal-job.handler.ts',
    uses: ['attachmentLinks', 'viewRecords'],
  },
  {
    contract: getPortalIncident,
    entry: 'functions/portal/get-portal-incident.handler.ts',
    uses: ['attachmentLinks', 'viewRecords'],
  },
  { contract: changePortalJob, entry: 'functions/portal/change-portal-job.handler.ts' },
  { contract: changePortalIncident, entry: 'functions/portal/change-portal-incident.handler.ts' },
  { contract: acceptTerms, entry: 'functions/terms/accept-terms.handler.ts' },
  {
    contract: jobChecklistRoutes.list,
    entry: 'functions/checklists/list-job-checklists.handler.ts',
    uses: ['attachmentLinks'],
  },
  { contract: jobChecklistRoutes.create, entry: 'functions/checklists/create-job-checklist.handler.ts' },
  { contract: jobChecklistRoutes.update, entry: 'functions/checklists/update-job-checklist.handler.ts' },
  { contract: answerJobChecklistItem, entry: 'functions/checklists/answer-job-checklist-item.handler.ts' },
  {
    contract: incidentChecklistRoutes.list,
    entry: 'functions/checklists/list-incident-checklists.handler.ts',
    uses: ['attachmentLinks'],
  },
  { contract: incidentChecklistRoutes.create, entry: 'functions/checklists/create-incident-checklist.handler.ts' },
  { contract: incidentChecklistRoutes.update, entry: 'functions/checklists/update-incident-checklist.handler.ts' },
  {
    contract: answerIncidentChecklistItem,
    entry: 'functions/checklists/answer-incident-checklist-item.handler.ts',
  },
  { contract: listTerms, entry: 'functions/terms/list-terms.handler.ts' },
  { contract: jobCommentRoutes.add, entry: 'functions/checklists/add-job-comment.handler.ts' },
  { contract: jobCommentRoutes.edit, entry: 'functions/checklists/edit-job-comment.handler.ts' },
  { contract: jobCommentRoutes.remove, entry: 'functions/checklists/delete-job-comment.handler.ts' },
  { contract: incidentCommentRoutes.add, entry: 'functions/checklists/add-incident-comment.handler.ts' },
  { contract: incidentCommentRoutes.edit, entry: 'functions/checklists/edit-incident-comment.handler.ts' },
  { contract: incidentCommentRoutes.remove, entry: 'functions/checklists/delete-incident-comment.handler.ts' },
  {
    contract: jobAttachmentRoutes.request,
    entry: 'functions/checklists/request-job-upload.handler.ts',
    uses: ['attachments'],
  },
  {
    contract: jobAttachmentRoutes.confirm,
    entry: 'functions/checklists/confirm-job-upload.handler.ts',
    uses: ['attachments'],
  },
  {
    contract: jobAttachmentRoutes.remove,
    entry: 'functions/checklists/delete-job-attachment.handler.ts',
    uses: ['attachments'],
  },
  {
    contract: incidentAttachmentRoutes.request,
    entry: 'functions/checklists/request-incident-upload.handler.ts',
    uses: ['attachments'],
  },
  {
    contract: incidentAttachmentRoutes.confirm,
    entry: 'functions/checklists/confirm-incident-upload.handler.ts',
    uses: ['attachments'],
  },
  {
    contract: incidentAttachmentRoutes.remove,
    entry: 'functions/checklists/delete-incident-attachment.handler.ts',
    uses: ['attachments'],
  },
  { contract: listJobAudit, entry: 'functions/audit/list-job-audit.handler.ts' },
  { contract: listIncidentAudit, entry: 'functions/audit/list-incident-audit.handler.ts' },
  { contract: listExternalActivity, entry: 'functions/audit/list-external-activity.handler.ts' },
  { contract: publishTerms, entry: 'functions/terms/publish-terms.handler.ts' },
];

/** Serves API Gateway's `$default` route: every request no route above matches. */
export const notFoundEntry = 'functions/system/not-found.handler.ts';

/**
 * The portal pool's triggers: CUSTOM_AUTH (the e-mailed one-time code) and PostAuthentication.
 * They run with TABLE_NAME and SENDER_EMAIL; Create reads and writes the code's send ticket and
 * sends through SES, Verify reads the user's code sends, Define touches nothing, and
 * PostAuthentication notes the sign-in on the code sends (one UpdateItem) for the audit trail.
 */
export const portalAuthTriggerEntries = {
  defineAuthChallenge: 'functions/portal-sign-in/define-auth-challenge.handler.ts',
  createAuthChallenge: 'functions/portal-sign-in/create-auth-challenge.handler.ts',
  verifyAuthChallengeResponse: 'functions/portal-sign-in/verify-auth-challenge-response.handler.ts',
  postAuthentication: 'functions/portal-sign-in/post-authentication.handler.ts',
} as const;

/** The DynamoDB Streams consumer (audit trail, e-mails, notifications). */
export const streamConsumerEntry = 'functions/streams/stream-consumer.handler.ts';
