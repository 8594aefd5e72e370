import { itemsReader } from './feed-service';
import { entitySetHandler } from './odata-entity-set';
import { jobsSet } from './odata-model';

export const handler = entitySetHandler(jobsSet, itemsReader);
