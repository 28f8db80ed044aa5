import { Module } from '@nestjs/common';
import { ConversationEventsController } from './conversation-events.controller';

@Module({ controllers: [ConversationEventsController] })
export class ConversationEventsModule {}
