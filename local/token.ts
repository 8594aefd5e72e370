/**
 * `npm run -s local:token [-- email password]`: signs in to the running local stack's staff pool
 * (USER_PASSWORD_AUTH, as the web client would) and prints the ID token to use as a bearer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localCredentials, localRegion } from './dynamodb-local';
import { demoAccount } from './seed';
import { localDataDir } from './stack';

const [email = demoAccount.admin.email, password = demoAccount.password] = process.argv.slice(2);
let running: { cognitoUrl: string; clientId: string };
try {
  running = JSON.parse(readFileSync(join(localDataDir, 'fieldpass.lock'), 'utf8'));
} catch {
  console.error('FieldPass is not running here: start it with `npm start` first.');
  process.exit(1);
}
const cognito = new CognitoIdentityProviderClient({
  endpoint: running.cognitoUrl,
  region: localRegion,
  credentials: localCredentials,
});
const result = await cognito.send(
  new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: running.clientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  }),
);
console.log(result.AuthenticationResult?.IdToken ?? '');
