import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ActorClient, ActorIdParams } from '@daca/dapr';
import type { ConversationAnalysis } from '../analysis/conversation-analysis';
import { ChatAgentContract } from './chat-agent.contract';
import { ChatMessageDto } from './chat-message.dto';
import type { ChatMessage } from './chat-message';

/** The labs' REST API in front of the ChatAgent actors. */
@Controller('chat/:actorId')
export class ChatController {
  constructor(private readonly actors: ActorClient) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  async send(@Param() { actorId }: ActorIdParams, @Body() message: ChatMessageDto): Promise<{ response: ChatMessage }> {
    const { role, content } = message;
    return { response: await this.agent(actorId).processMessage({ role, content }) };
  }

  @Get('history')
  async history(@Param() { actorId }: ActorIdParams): Promise<{ history: ChatMessage[] }> {
    return { history: await this.agent(actorId).getConversationHistory() };
  }

  @Post('analyze')
  @HttpCode(HttpStatus.OK)
  async analyze(@Param() { actorId }: ActorIdParams): Promise<{ analysis: ConversationAnalysis }> {
    return { analysis: await this.agent(actorId).analyzeConversation() };
  }

  private agent(actorId: string) {
    return this.actors.proxy(ChatAgentContract, actorId);
  }
}
