import type { RouteBinding } from '#shared/routing';
import { answerIncidentChecklistItem, answerJobChecklistItem } from './answer.contract';
import { incidentAttachmentRoutes, jobAttachmentRoutes } from './attachment.contract';
import { incidentChecklistRoutes, jobChecklistRoutes } from './checklist.contract';
import { incidentCommentRoutes, jobCommentRoutes } from './comment.contract';
import {
  createChecklistTemplate,
  deleteChecklistTemplate,
  listChecklistTemplates,
  updateChecklistTemplate,
} from './templates/checklist-template.contract';

/** The HTTP routes of functions/checklists/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: listChecklistTemplates, entry: 'functions/checklists/templates/list-checklist-templates.handler.ts' },
  { contract: createChecklistTemplate, entry: 'functions/checklists/templates/create-checklist-template.handler.ts' },
  { contract: updateChecklistTemplate, entry: 'functions/checklists/templates/update-checklist-template.handler.ts' },
  { contract: deleteChecklistTemplate, entry: 'functions/checklists/templates/delete-checklist-template.handler.ts' },
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
  { contract: answerIncidentChecklistItem, entry: 'functions/checklists/answer-incident-checklist-item.handler.ts' },
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
];
