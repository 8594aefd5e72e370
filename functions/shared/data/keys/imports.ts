import { inAccount, segment } from './segments';
import type { PrimaryKey } from './table-definition';

/** IMP-1, IMP-2, IMP-3, IMP-4: an import of jobs or incidents (its state, preview summary and progress). */
export const importRecord = (accountId: string, importId: string): PrimaryKey =>
  inAccount(accountId, `IMPORT#${segment(importId)}`);

/** IMP-1, IMP-2, IMP-3: the S3 object key of an import's uploaded file, under the account. */
export const importFileObject = (accountId: string, importId: string): string =>
  `imports/${segment(accountId)}/${segment(importId)}/file`;

/** IMP-2, IMP-3: the S3 object key of an import's preview (each row's body, or its errors). */
export const importPreviewObject = (accountId: string, importId: string): string =>
  `imports/${segment(accountId)}/${segment(importId)}/preview.json`;
