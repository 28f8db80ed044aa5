import { MAX_CONTENT_LENGTH, type ChatMessage } from '@daca/chat';

const REPLY_PREFIX = 'Got your message: ';

/** The longest reply: the prefix and a message of the longest content (the labs' echo). */
export const MAX_REPLY_LENGTH = REPLY_PREFIX.length + MAX_CONTENT_LENGTH;

/** The agent's answer to `input`: the labs' echo. */
export function agentReply(input: ChatMessage): ChatMessage {
  return { role: 'assistant', content: `${REPLY_PREFIX}${input.content}` };
}
