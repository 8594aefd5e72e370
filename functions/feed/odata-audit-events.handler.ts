import { activityReader } from './feed-service';
import { entitySetHandler } from './odata-entity-set';
import { auditEventsSet } from './odata-model';

export const handler = entitySetHandler(auditEventsSet, activityReader);
