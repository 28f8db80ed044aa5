import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChatMessageDto } from '@daca/chat';
import { ActorClient, ActorIdParams } from '@daca/dapr';
import { ApiActorIdParam, ApiErrorAnswers } from '@daca/service';
import { ChatAgentContract } from './chat-agent.contract';
import { ChatAnalysis, ChatHistory, ChatReply } from './chat-answers';

/** The labs' REST API in front of the ChatAgent actors. */
@ApiTags('chat')
@ApiActorIdParam()
@ApiErrorAnswers(
  [HttpStatus.BAD_REQUEST, 'An actor id or a message that breaks the rules: the reason says which'],
  [HttpStatus.TOO_MANY_REQUESTS, 'The actor has too many calls waiting for their turn: try again after Retry-After'],
  [HttpStatus.BAD_GATEWAY, 'The Dapr sidecar could not make the actor call'],
  [HttpStatus.GATEWAY_TIMEOUT, 'The actor did not answer in time'],
)
@Controller('chat/:actorId')
export class ChatController {
  constructor(private readonly actors: ActorClient) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Sends a message to the actor's conversation and returns its reply" })
  @ApiOkResponse({ type: ChatReply })
  async send(@Param() { actorId }: ActorIdParams, @Body() message: ChatMessageDto): Promise<ChatReply> {
    const { role, content } = message;
    return { response: await this.agent(actorId).processMessage({ role, content }) };
  }

  @Get('history')
  @ApiOperation({ summary: "The actor's conversation, oldest message first" })
  @ApiOkResponse({ type: ChatHistory })
  async history(@Param() { actorId }: ActorIdParams): Promise<ChatHistory> {
    return { history: await this.agent(actorId).getConversationHistory() };
  }

  @Post('analyze')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Analyses the conversation with the actor's summary and statistics workers" })
  @ApiOkResponse({ type: ChatAnalysis })
  async analyze(@Param() { actorId }: ActorIdParams): Promise<ChatAnalysis> {
    return { analysis: await this.agent(actorId).analyzeConversation() };
  }

  private agent(actorId: string) {
    return this.actors.proxy(ChatAgentContract, actorId);
  }
}
