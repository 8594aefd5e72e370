import { itemsReader } from './feed-service';
import { entitySetHandler } from './odata-entity-set';
import { incidentsSet } from './odata-model';

export const handler = entitySetHandler(incidentsSet, itemsReader);
