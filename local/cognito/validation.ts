import { z } from 'zod';
import { invalidParameter } from './errors';

/**
 * Parses an operation's input, or throws InvalidParameterException in the style of Cognito's
 * request validation ("1 validation error detected: Value null at 'username' failed to satisfy
 * constraint: Member must not be null"). Unknown members are ignored, as the service ignores them.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const member = issue.path.map(String).join('.') || 'request';
    const field = member.charAt(0).toLowerCase() + member.slice(1);
    const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
    return missing
      ? `Value null at '${field}' failed to satisfy constraint: Member must not be null`
      : `Value at '${field}' failed to satisfy constraint: ${issue.message}`;
  });
  const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
  throw invalidParameter(`${count} detected: ${problems.join('; ')}`);
}

/** Field schemas shared by several operations, with Cognito's length limits. */
export const fields = {
  userPoolId: z.string().min(1).max(55),
  clientId: z.string().min(1).max(128),
  username: z.string().min(1).max(128),
  password: z.string().max(256),
  groupName: z.string().min(1).max(128),
  attributes: z.array(z.object({ Name: z.string().min(1).max(32), Value: z.string().max(2048).optional() })),
  stringMap: z.record(z.string(), z.string()),
};
