import { externalUsersReader } from './feed-service';
import { entitySetHandler } from './odata-entity-set';
import { externalUsersSet } from './odata-model';

export const handler = entitySetHandler(externalUsersSet, externalUsersReader);
