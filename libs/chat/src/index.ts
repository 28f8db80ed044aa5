export { CHAT_ROLES, MAX_CONTENT_LENGTH, type ChatMessage } from './chat-message';
export { ChatMessageDto } from './chat-message.dto';
