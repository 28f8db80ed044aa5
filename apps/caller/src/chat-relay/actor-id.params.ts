import { Matches } from 'class-validator';

export class ActorIdParams {
  // chat-agent's rule for actor ids; checked here too so that no id can reach another of its routes.
  @Matches(/^[A-Za-z0-9._~-]{1,128}$/, { message: 'actorId must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -' })
  actorId!: string;
}
