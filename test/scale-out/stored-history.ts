import type Redis from 'ioredis';
import type { ChatMessage } from '@daca/chat';

/**
 * A ChatAgent's history as the state store holds it: the Redis hash daprd writes for the actor state
 * key `history-{id}` (`<app id>||<actor type>||<actor id>||<key>`, its value in field `data`). Read
 * from Redis itself, neither through the actor, which could answer from memory, nor through daprd's
 * actor state API, which waits on its placement lock.
 */
export async function storedHistory(redis: Redis, actorId: string): Promise<ChatMessage[]> {
  const data = await redis.hget(`chat-agent||ChatAgent||${actorId}||history-${actorId}`, 'data');
  return data === null ? [] : (JSON.parse(data) as ChatMessage[]);
}
