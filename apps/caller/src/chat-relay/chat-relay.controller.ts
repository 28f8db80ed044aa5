import { Body, Controller, HttpCode, HttpException, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChatMessageDto } from '@daca/chat';
import { ActorIdParams, InvocationFailedException, ServiceInvoker } from '@daca/dapr';
import { ApiActorIdParam, ApiErrorAnswers } from '@daca/service';
import { INVOCATION_ERRORS } from '../invocation/api-invocation-errors';

const CHAT_AGENT_APP_ID = 'chat-agent';

/**
 * POST /call-chat/{actorId}: relays a chat message to chat-agent's POST /chat/{actorId} by service
 * invocation. The message is validated here too, by chat-agent's own rule: daprd's circuit breaker for
 * chat-agent counts its 4xx answers as failures, so five bad messages relayed in a row would stop the
 * relay for everyone for 30 s (found by schemathesis).
 */
@ApiTags('chat')
@Controller('call-chat')
export class ChatRelayController {
  constructor(private readonly invoker: ServiceInvoker) {}

  @Post(':actorId')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Relays a message to chat-agent's POST /chat/{actorId}" })
  @ApiActorIdParam()
  @ApiOkResponse({ description: "chat-agent's reply: {response: {role, content}}", schema: { type: 'object' } })
  @ApiErrorAnswers(
    [HttpStatus.BAD_REQUEST, 'An invalid actor id or message; a refusal of chat-agent is passed on with upstream'],
    ...INVOCATION_ERRORS,
  )
  async relay(@Param() { actorId }: ActorIdParams, @Body() message: ChatMessageDto): Promise<unknown> {
    try {
      return await this.invoker.invoke(CHAT_AGENT_APP_ID, `chat/${actorId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
      });
    } catch (error) {
      // chat-agent validates the message: its 4xx is the client's to fix, so it is passed on as is.
      const upstream = error instanceof InvocationFailedException ? error.details : {};
      const status = upstream.upstreamStatus;
      if (status === undefined || status >= 500) throw error;
      throw new HttpException({ message: upstream.upstreamDetail, upstream: CHAT_AGENT_APP_ID }, status);
    }
  }
}
