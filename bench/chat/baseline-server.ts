/**
 * The ChatAgent's logic hosted by a plain @dapr/dapr DaprServer, without Nest: the baseline of
 * `npm run bench:chat` and `bench:burst`. Same routes, same wire names, same state key and cap, same
 * event, the same reminder and timer registered on activation.
 */
import { AbstractActor, ActorId, ActorProxyBuilder, DaprClient, DaprServer } from '@dapr/dapr';
import { Temporal } from '@js-temporal/polyfill';
import express from 'express';

interface ChatMessage {
  role: string;
  content: string;
}

// The same setting as chat-agent's, so that the burst benchmark finds every stored message.
const HISTORY_LIMIT = Number(process.env.CHAT_HISTORY_LIMIT ?? 5);

abstract class ChatAgentInterface {
  abstract ProcessMessage(message: ChatMessage): Promise<ChatMessage>;
  abstract GetConversationHistory(): Promise<ChatMessage[]>;
}

// chat-agent's ClearHistory reminder and Heartbeat timer, registered on activation as it does.
const CLEAR_HISTORY_AFTER = Temporal.Duration.from({
  seconds: durationSeconds(process.env.CHAT_CLEAR_HISTORY_AFTER, 10),
});
const HEARTBEAT_PERIOD = Temporal.Duration.from({ seconds: durationSeconds(process.env.CHAT_HEARTBEAT_PERIOD, 30) });

/** Seconds of a duration written like chat-agent's settings (`10s`, `1h`); the benchmarks use no other form. */
function durationSeconds(text: string | undefined, fallback: number): number {
  const match = /^(\d+)(s|m|h)$/.exec(text ?? '');
  return match ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'] : fallback;
}

class ChatAgent extends AbstractActor implements ChatAgentInterface {
  private get historyKey(): string {
    return `history-${this.getActorId().getId()}`;
  }

  override async onActivate(): Promise<void> {
    await this.registerActorReminder('ClearHistory', CLEAR_HISTORY_AFTER, undefined, undefined, 'clear_history_data');
    await this.registerActorTimer('Heartbeat', 'heartbeat', HEARTBEAT_PERIOD, HEARTBEAT_PERIOD);
  }

  override async receiveReminder(): Promise<void> {
    await this.getStateManager<ChatMessage[]>().setState(this.historyKey, []);
    await this.getStateManager<ChatMessage[]>().saveState();
    await this.unregisterActorReminder('ClearHistory');
  }

  async heartbeat(): Promise<void> {
    // chat-agent's heartbeat only logs while the conversation is active.
  }

  async ProcessMessage(message: ChatMessage): Promise<ChatMessage> {
    // @dapr/dapr's proxies send the argument list, so the actor receives [message].
    const input = Array.isArray(message) ? (message[0] as ChatMessage) : message;
    const response = { role: 'assistant', content: `Got your message: ${input.content}` };
    const history = [...(await this.GetConversationHistory()), input, response].slice(-HISTORY_LIMIT);
    await this.getStateManager<ChatMessage[]>().setState(this.historyKey, history);
    await this.getStateManager<ChatMessage[]>().saveState();
    // What a @dapr/dapr user writes: a direct publish, lost if the sidecar refuses it.
    await this.getDaprClient().pubsub.publish('daca-pubsub', 'user-chat', {
      actor_id: this.getActorId().getId(),
      history_key: this.historyKey,
      actor_type: 'ChatAgent',
      event_type: 'ConversationUpdated',
      input,
      output: response,
    });
    return response;
  }

  async GetConversationHistory(): Promise<ChatMessage[]> {
    const [found, history] = await this.getStateManager<ChatMessage[]>().tryGetState(this.historyKey);
    return found && history ? history : [];
  }
}

async function main(): Promise<void> {
  const daprPort = process.env.DAPR_HTTP_PORT ?? '3500';
  const app = express();
  app.use(express.json());
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: process.env.APP_PORT ?? '8000',
    serverHttp: app,
    clientOptions: { daprHost: '127.0.0.1', daprPort },
  });
  const client = new DaprClient({ daprHost: '127.0.0.1', daprPort });
  const builder = new ActorProxyBuilder<ChatAgentInterface>(ChatAgent, client);

  app.get('/health/live', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.post('/chat/:actorId', (request, response, next) => {
    builder
      .build(new ActorId(request.params.actorId))
      .ProcessMessage(request.body as ChatMessage)
      .then((answer) => response.json({ response: answer }), next);
  });

  // The route components/subscription.yaml names: the baseline consumes the same events, as chat-agent does.
  app.post('/dapr/pubsub/daca-pubsub/user-chat', express.json({ type: '*/*' }), (request, response) => {
    const event = (request.body as { data?: { actor_id?: string } }).data;
    process.stdout.write(
      `${JSON.stringify({ level: 30, time: Date.now(), msg: `ConversationUpdated: ${event?.actor_id}` })}\n`,
    );
    response.json({ status: 'SUCCESS' });
  });

  await server.actor.init();
  await server.actor.registerActor(ChatAgent);
  await server.start();
}

void main();
