import { itemBindings, type RouteBinding } from '#shared/routing';
import { answerChecklistItem } from './answer.contract';
import { attachmentRoutes } from './attachment.contract';
import { checklistRoutes } from './checklist.contract';
import { commentRoutes } from './comment.contract';
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
  ...itemBindings(checklistRoutes.list, 'functions/checklists/list-checklists.handler.ts', ['attachmentLinks']),
  ...itemBindings(checklistRoutes.create, 'functions/checklists/create-checklist.handler.ts'),
  ...itemBindings(checklistRoutes.update, 'functions/checklists/update-checklist.handler.ts'),
  ...itemBindings(answerChecklistItem, 'functions/checklists/answer-checklist-item.handler.ts'),
  ...itemBindings(commentRoutes.add, 'functions/checklists/add-comment.handler.ts'),
  ...itemBindings(commentRoutes.edit, 'functions/checklists/edit-comment.handler.ts'),
  ...itemBindings(commentRoutes.remove, 'functions/checklists/delete-comment.handler.ts'),
  ...itemBindings(attachmentRoutes.request, 'functions/checklists/request-upload.handler.ts', ['attachments']),
  ...itemBindings(attachmentRoutes.confirm, 'functions/checklists/confirm-upload.handler.ts', ['attachments']),
  ...itemBindings(attachmentRoutes.remove, 'functions/checklists/delete-attachment.handler.ts', ['attachments']),
];
