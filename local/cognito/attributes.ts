import type { Pool } from './config';
import { invalidParameter } from './errors';
import type { StoredUser } from './state';

/** Cognito's AttributeType, as the API carries it. */
export interface AttributeType {
  Name: string;
  Value?: string;
}

/** The OpenID Connect standard attributes every Cognito pool has (besides `sub`). */
const STANDARD_ATTRIBUTES = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);
const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);
// Custom attribute names are 1–20 characters after the prefix.
const CUSTOM_ATTRIBUTE = /^custom:[\w-]{1,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_VALUE_LENGTH = 2048;

/** True for a syntactically valid email address (what Cognito accepts as `email`). */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/**
 * Checks attribute writes against the pool's schema and returns them as a name → value map.
 * `creating` is true for AdminCreateUser: the only moment an immutable attribute may be written
 * (Cognito refuses any later write of it, even when it was never set).
 */
export function parseAttributeWrites(
  pool: Pool,
  attributes: AttributeType[],
  creating: boolean,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { Name: name, Value: value = '' } of attributes) {
    if (name === 'sub') throw invalidParameter('Invalid user attributes: sub: Attribute cannot be updated.');
    if (!STANDARD_ATTRIBUTES.has(name) && !CUSTOM_ATTRIBUTE.test(name)) {
      throw invalidParameter(
        `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`,
      );
    }
    if (!creating && pool.immutableAttributes.has(name)) {
      throw invalidParameter(
        `Invalid user attributes: ${name}: Attribute cannot be updated. (changing an immutable attribute)`,
      );
    }
    if (value.length > MAX_VALUE_LENGTH) {
      throw invalidParameter(
        `Attributes did not conform to the schema: ${name}: String must be no longer than ${MAX_VALUE_LENGTH} characters`,
      );
    }
    if (name === 'email' && !isEmail(value)) throw invalidParameter('Invalid email address format.');
    if (BOOLEAN_ATTRIBUTES.has(name) && value !== 'true' && value !== 'false') {
      throw invalidParameter(`Attributes did not conform to the schema: ${name}: Value must be true or false`);
    }
    values[name] = value;
  }
  return values;
}

/** The user's attributes as the API lists them, `sub` first. */
export function attributeList(user: StoredUser): AttributeType[] {
  return [
    { Name: 'sub', Value: user.sub },
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
}

/** The user's attributes as ID token claims: `*_verified` become booleans, as Cognito issues them. */
export function attributeClaims(user: StoredUser): Record<string, string | boolean> {
  const claims: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    claims[name] = BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value;
  }
  return claims;
}
