import { registerAs } from '@nestjs/config';
import { IsInt, Min } from 'class-validator';
import { IsDuration, validateEnv } from '@daca/config';
import { parseDuration } from '@daca/dapr';

class ChatEnv {
  @IsInt() @Min(1) CHAT_HISTORY_LIMIT: number = 5;
  @IsDuration() CHAT_CLEAR_HISTORY_AFTER: string = '10s';
  @IsDuration() CHAT_HEARTBEAT_PERIOD: string = '30s';
  @IsDuration() CHAT_HEARTBEAT_QUIET_AFTER: string = '5m';
  @IsDuration() ANALYSIS_WORKER_DELAY: string = '0s';
}

/** The ChatAgent's behaviour: history cap, the lab's ClearHistory reminder, the heartbeat timer. */
export const chatConfig = registerAs('chat', () => {
  const env = validateEnv('chat', ChatEnv);
  return {
    historyLimit: env.CHAT_HISTORY_LIMIT,
    clearHistoryAfterMs: parseDuration(env.CHAT_CLEAR_HISTORY_AFTER),
    heartbeatPeriodMs: parseDuration(env.CHAT_HEARTBEAT_PERIOD),
    heartbeatQuietAfterMs: parseDuration(env.CHAT_HEARTBEAT_QUIET_AFTER),
    analysisWorkerDelayMs: parseDuration(env.ANALYSIS_WORKER_DELAY),
  };
});

export type ChatConfig = ReturnType<typeof chatConfig>;
