import type { ServerContext } from '../context';
import { adminInitiateAuth, adminRespondToAuthChallenge, initiateAuth, respondToAuthChallenge } from './auth';
import { describeUserPoolClient } from './clients';
import { confirmForgotPassword, forgotPassword } from './forgot-password';
import { adminAddUserToGroup, adminListGroupsForUser, adminRemoveUserFromGroup, createGroup } from './groups';
import { listUsers } from './list-users';
import { revokeToken } from './revoke-token';
import {
  adminCreateUser,
  adminDeleteUser,
  adminDisableUser,
  adminEnableUser,
  adminGetUser,
  adminSetUserPassword,
  adminUpdateUserAttributes,
  adminUserGlobalSignOut,
} from './users';

/** One API operation: the parsed JSON body in, the JSON response out (or a thrown CognitoError). */
export type Operation = (ctx: ServerContext, input: unknown) => Promise<object>;

/** Every operation the local Cognito speaks, by its X-Amz-Target name. */
export const operations: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['InitiateAuth', initiateAuth],
  ['AdminInitiateAuth', adminInitiateAuth],
  ['RespondToAuthChallenge', respondToAuthChallenge],
  ['AdminRespondToAuthChallenge', adminRespondToAuthChallenge],
  ['AdminCreateUser', adminCreateUser],
  ['AdminGetUser', adminGetUser],
  ['AdminSetUserPassword', adminSetUserPassword],
  ['AdminDisableUser', adminDisableUser],
  ['AdminEnableUser', adminEnableUser],
  ['AdminUserGlobalSignOut', adminUserGlobalSignOut],
  ['AdminDeleteUser', adminDeleteUser],
  ['AdminUpdateUserAttributes', adminUpdateUserAttributes],
  ['ListUsers', listUsers],
  ['CreateGroup', createGroup],
  ['AdminAddUserToGroup', adminAddUserToGroup],
  ['AdminRemoveUserFromGroup', adminRemoveUserFromGroup],
  ['AdminListGroupsForUser', adminListGroupsForUser],
  ['DescribeUserPoolClient', describeUserPoolClient],
  ['ForgotPassword', forgotPassword],
  ['ConfirmForgotPassword', confirmForgotPassword],
  ['RevokeToken', revokeToken],
]);
