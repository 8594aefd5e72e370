import { assignmentsReader } from './feed-service';
import { entitySetHandler } from './odata-entity-set';
import { assignmentsSet } from './odata-model';

export const handler = entitySetHandler(assignmentsSet, assignmentsReader);
