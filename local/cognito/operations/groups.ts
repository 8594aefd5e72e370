import { z } from 'zod';
import { requirePool, type ServerContext } from '../context';
import { CognitoError, resourceNotFound } from '../errors';
import type { StoredGroup } from '../state';
import { requireUser } from '../users';
import { fields, parseInput } from '../validation';

/** Cognito's GroupType. Dates are epoch seconds. */
function groupView(poolId: string, group: StoredGroup) {
  return {
    GroupName: group.name,
    UserPoolId: poolId,
    Description: group.description,
    Precedence: group.precedence,
    CreationDate: group.createdAt / 1000,
    LastModifiedDate: group.modifiedAt / 1000,
  };
}

const createGroupSchema = z.object({
  UserPoolId: fields.userPoolId,
  GroupName: fields.groupName,
  Description: z.string().max(2048).optional(),
  Precedence: z.number().int().min(0).optional(),
});

/** CreateGroup. Group names are case-sensitive. */
export async function createGroup(ctx: ServerContext, input: unknown) {
  const request = parseInput(createGroupSchema, input);
  const pool = requirePool(ctx, request.UserPoolId);
  const groups = ctx.state.pool(pool.id).groups;
  if (groups.has(request.GroupName))
    throw new CognitoError('GroupExistsException', 'A group with the name already exists.');
  const now = ctx.clock().getTime();
  const group: StoredGroup = {
    name: request.GroupName,
    description: request.Description,
    precedence: request.Precedence,
    createdAt: now,
    modifiedAt: now,
  };
  groups.set(group.name, group);
  await ctx.state.save();
  return { Group: groupView(pool.id, group) };
}

const membershipSchema = z.object({
  UserPoolId: fields.userPoolId,
  Username: fields.username,
  GroupName: fields.groupName,
});

function membership(ctx: ServerContext, input: unknown) {
  const request = parseInput(membershipSchema, input);
  const pool = requirePool(ctx, request.UserPoolId);
  if (!ctx.state.pool(pool.id).groups.has(request.GroupName)) throw resourceNotFound('Group not found.');
  return { user: requireUser(ctx, pool, request.Username), groupName: request.GroupName };
}

/** AdminAddUserToGroup: the group appears in the user's next tokens' `cognito:groups`. */
export async function adminAddUserToGroup(ctx: ServerContext, input: unknown): Promise<object> {
  const { user, groupName } = membership(ctx, input);
  if (!user.groups.includes(groupName)) user.groups.push(groupName);
  await ctx.state.save();
  return {};
}

/** AdminRemoveUserFromGroup. */
export async function adminRemoveUserFromGroup(ctx: ServerContext, input: unknown): Promise<object> {
  const { user, groupName } = membership(ctx, input);
  user.groups = user.groups.filter((name) => name !== groupName);
  await ctx.state.save();
  return {};
}

/** AdminListGroupsForUser (one page holds them all). */
export async function adminListGroupsForUser(ctx: ServerContext, input: unknown) {
  const request = parseInput(z.object({ UserPoolId: fields.userPoolId, Username: fields.username }), input);
  const pool = requirePool(ctx, request.UserPoolId);
  const user = requireUser(ctx, pool, request.Username);
  const groups = ctx.state.pool(pool.id).groups;
  return { Groups: user.groups.flatMap((name) => groups.get(name) ?? []).map((group) => groupView(pool.id, group)) };
}
