/**
 * Client access (issue 18): the account's external views and external roles, which roles and
 * client accesses use them, and each external user's one `ClientAccess` record. All of them live
 * in the account's partition.
 *
 * "In use" is one Query: a role that names a view writes a usage row under the view
 * (`EXTVIEW#<v>#USEDBY#<roleId>`), a client access that names a role one under the role
 * (`EXTROLE#<r>#USEDBY#<externalUserId>`), in the same transaction as the role or the access. A
 * count beside each view and role (`…#USES`), changed in those transactions too, is what the
 * delete's own transaction checks, so a role or an access written while the view or role is being
 * deleted either lands first (the delete is refused) or finds it gone.
 */
import { accountPartition, byName, inAccount, listedByName, segment, startingWith } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

const viewSk = (viewId: string) => `EXTVIEW#${segment(viewId)}`;
const roleSk = (roleId: string) => `EXTROLE#${segment(roleId)}`;

/** EXV-2, EXV-3, EXV-4, EXV-5: an external view (a saved view of jobs or of the calendar) of the account. */
export const externalView = (accountId: string, viewId: string): PrimaryKey => inAccount(accountId, viewSk(viewId));

/** EXV-3, EXV-4: index attributes of an external view: listed by name in its account. */
export const externalViewIndexes = (accountId: string, viewId: string, name: string) =>
  listedByName(accountId, 'EXTVIEWS', viewId, name);

/** EXV-1: the account's external views by name: one Query on `lists`. */
export const externalViewsByName = (accountId: string): QueryTarget => byName(accountId, 'EXTVIEWS');

/**
 * EXV-3, EXV-5, EXR-3, EXR-4, EXR-5: how many roles use a view, made with the view and removed
 * with it; a role's write checks it exists (so the view does) and counts itself in or out.
 */
export const externalViewUses = (accountId: string, viewId: string): PrimaryKey =>
  inAccount(accountId, `${viewSk(viewId)}#USES`);

/** EXR-3, EXR-4, EXR-5: the row that says role `roleId` uses view `viewId`. */
export const externalViewUse = (accountId: string, viewId: string, roleId: string): PrimaryKey =>
  inAccount(accountId, `${viewSk(viewId)}#USEDBY#${segment(roleId)}`);

/** EXV-5: the roles that use a view: one Query of its usage rows. */
export const externalViewUsers = (accountId: string, viewId: string): QueryTarget =>
  startingWith(accountPartition(accountId), `${viewSk(viewId)}#USEDBY#`);

/** EXR-2, EXR-3, EXR-4, EXR-5, CLA-3: an external role (a name and the views it allows) of the account. */
export const externalRole = (accountId: string, roleId: string): PrimaryKey => inAccount(accountId, roleSk(roleId));

/** EXR-3, EXR-4: index attributes of an external role: listed by name in its account. */
export const externalRoleIndexes = (accountId: string, roleId: string, name: string) =>
  listedByName(accountId, 'EXTROLES', roleId, name);

/** EXR-1: the account's external roles by name: one Query on `lists`. */
export const externalRolesByName = (accountId: string): QueryTarget => byName(accountId, 'EXTROLES');

/**
 * EXR-3, EXR-5, CLA-2: how many external users' client accesses use a role, made with the role
 * and removed with it; a client access's write checks it exists (so the role does) and counts
 * the user in or out.
 */
export const externalRoleUses = (accountId: string, roleId: string): PrimaryKey =>
  inAccount(accountId, `${roleSk(roleId)}#USES`);

/** CLA-2: the row that says external user `externalUserId` has a client access with role `roleId`. */
export const externalRoleUse = (accountId: string, roleId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `${roleSk(roleId)}#USEDBY#${segment(externalUserId)}`);

/** EXR-5: the external users whose client accesses use a role: one Query of its usage rows. */
export const externalRoleUsers = (accountId: string, roleId: string): QueryTarget =>
  startingWith(accountPartition(accountId), `${roleSk(roleId)}#USEDBY#`);

/**
 * CLA-1, CLA-2: an external user's client access: every access they were given (roles, scopes,
 * status), one record per person, next to the external user in the account's partition.
 */
export const clientAccess = (accountId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#CLIENTACCESS`);
