export const CHAT_ROLES = ['user', 'assistant', 'system'] as const;

/** The longest message content, on the REST API and on the actor's wire alike. */
export const MAX_CONTENT_LENGTH = 8_000;

export interface ChatMessage {
  role: (typeof CHAT_ROLES)[number];
  content: string;
}
