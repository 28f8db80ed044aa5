import { Matches } from 'class-validator';

export const MAX_ACTOR_ID_LENGTH = 128;

/** Actor ids travel in daprd's actor URLs: only characters that need no escaping there are allowed. */
export class ActorIdParams {
  @Matches(new RegExp(`^[A-Za-z0-9._~-]{1,${MAX_ACTOR_ID_LENGTH}}$`), {
    message: `actorId must be 1 to ${MAX_ACTOR_ID_LENGTH} letters, digits or . _ ~ -`,
  })
  actorId!: string;
}
