export const CHAT_ROLES = ['user', 'assistant', 'system'] as const;

export interface ChatMessage {
  role: (typeof CHAT_ROLES)[number];
  content: string;
}
