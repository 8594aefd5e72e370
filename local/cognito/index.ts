export type {
  LocalCognito,
  LocalCognitoOptions,
  LocalUserPoolClientConfig,
  LocalUserPoolConfig,
  LocalUserPoolTriggers,
} from './server';
export { startLocalCognito } from './server';
