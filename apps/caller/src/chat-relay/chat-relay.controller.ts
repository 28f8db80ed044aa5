import { Body, Controller, HttpCode, HttpException, HttpStatus, Param, Post } from '@nestjs/common';
import { ActorIdParams, InvocationFailedException, ServiceInvoker } from '@daca/dapr';

const CHAT_AGENT_APP_ID = 'chat-agent';

/** POST /call-chat/{actorId}: relays a chat message to chat-agent's POST /chat/{actorId} by service invocation. */
@Controller('call-chat')
export class ChatRelayController {
  constructor(private readonly invoker: ServiceInvoker) {}

  @Post(':actorId')
  @HttpCode(HttpStatus.OK)
  async relay(@Param() { actorId }: ActorIdParams, @Body() message: object): Promise<unknown> {
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
