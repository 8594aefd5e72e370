import { invalidParameter } from '../errors';

/** A required AuthParameters / ChallengeResponses entry, or Cognito's "Missing required parameter" error. */
export function requireParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === '') throw invalidParameter(`Missing required parameter ${name}`);
  return value;
}
