import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ConversationReader } from '../analysis/conversation-reader';
import { StatisticsWorkerActor } from '../analysis/statistics-worker.actor';
import { SummaryWorkerActor } from '../analysis/summary-worker.actor';
import { ChatAgentActor } from './chat-agent.actor';
import { chatConfig } from './chat.config';
import { ChatController } from './chat.controller';

@Module({
  imports: [ConfigModule.forFeature(chatConfig)],
  controllers: [ChatController],
  providers: [ChatAgentActor, SummaryWorkerActor, StatisticsWorkerActor, ConversationReader],
})
export class ChatModule {}
