import { ApiParam } from '@nestjs/swagger';
import { ACTOR_ID_PATTERN, MAX_ACTOR_ID_LENGTH } from '@daca/dapr';

/**
 * Documents a route's `:actorId` (validated by ActorIdParams, from @daca/dapr, which does not depend
 * on @nestjs/swagger) with the pattern the validator applies.
 */
export function ApiActorIdParam(): MethodDecorator & ClassDecorator {
  return ApiParam({
    name: 'actorId',
    description: `1 to ${MAX_ACTOR_ID_LENGTH} letters, digits or . _ ~ -`,
    schema: { type: 'string', pattern: ACTOR_ID_PATTERN.source },
    example: 'user-1',
  });
}
