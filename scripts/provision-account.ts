/**
 * Ops: creates a tenant account and its first Account Admin, whom Cognito e-mails a temporary
 * password. Run with the deployed stack's outputs and AWS credentials:
 *
 *   TABLE_NAME=… STAFF_USER_POOL_ID=… AWS_REGION=… npm run -s provision-account -- \
 *     --name "Acme Venues" --email ada@acme.example --given-name Ada --family-name Lovelace
 */
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import '../functions/shared/contract';

const input = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.email(),
  'given-name': z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  'family-name': z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
});

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    'given-name': { type: 'string' },
    'family-name': { type: 'string' },
  },
  strict: true,
});
const parsed = z.safeParse(input, values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
  console.error(
    'Usage: npm run -s provision-account -- --name NAME --email EMAIL --given-name NAME --family-name NAME',
  );
  process.exit(2);
}
// Imported only now: the module reads TABLE_NAME and STAFF_USER_POOL_ID at load and names a missing one.
const { provisionAccount } = await import('../functions/staff/provision-account');
const { account, admin } = await provisionAccount({
  name: parsed.data.name,
  admin: { email: parsed.data.email, givenName: parsed.data['given-name'], familyName: parsed.data['family-name'] },
});
console.log(JSON.stringify({ accountId: account.id, adminUserId: admin.id, adminEmail: admin.email }));
