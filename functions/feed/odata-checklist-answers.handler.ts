import { answersReader } from './feed-service';
import { entitySetHandler } from './odata-entity-set';
import { checklistAnswersSet } from './odata-model';

export const handler = entitySetHandler(checklistAnswersSet, answersReader);
