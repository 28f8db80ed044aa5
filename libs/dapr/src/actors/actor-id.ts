import { Matches } from 'class-validator';

/** The longest actor id IsActorId accepts. */
export const MAX_ACTOR_ID_LENGTH = 128;

/** What IsActorId accepts, for documents such as OpenAPI's that describe the rule. */
export const ACTOR_ID_PATTERN = new RegExp(`^[A-Za-z0-9._~-]{1,${MAX_ACTOR_ID_LENGTH}}$`);

/** Validates an actor id: ids travel in daprd's actor URLs, so only characters that need no escaping there pass. */
export function IsActorId(): PropertyDecorator {
  return Matches(ACTOR_ID_PATTERN, {
    message: `$property must be 1 to ${MAX_ACTOR_ID_LENGTH} letters, digits or . _ ~ -`,
  });
}

/** A route's `:actorId` parameter, validated: `@Param() { actorId }: ActorIdParams`. */
export class ActorIdParams {
  @IsActorId()
  actorId!: string;
}
