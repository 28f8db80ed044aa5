import type { E2eApp } from '../support/e2e-stack';
import { burst, countByStatus, quantile, type BurstAnswer } from '../support/burst';

export interface ChatBurstOptions {
  /** Concurrent POST /chat/{id} requests, all sent at once. */
  requests: number;
  /** Actor ids they go to, round robin: 1 for a burst on one actor, `requests` for one each. */
  actorIds: number;
  /** Prefix of the actor ids (and the messages), unique per burst. */
  name: string;
  /** How often the probe sends a message to an actor of its own while the burst runs (default 100 ms). */
  probeIntervalMs?: number;
}

/** What one burst did, as its clients saw it and as the state store holds it. */
export interface ChatBurstReport {
  requests: number;
  /** Answers by HTTP status (0: no answer). */
  answered: Record<number, number>;
  /** Until the last answer. */
  totalMs: number;
  slowestOkMs: number;
  /** The slowest 429 or 503: a refusal must come at once. */
  slowestRefusalMs: number;
  /** Latencies of the probe's messages to other actors during the burst. */
  probe: { sent: number; answered: Record<number, number>; p50Ms: number; p99Ms: number };
  /** Messages answered 200. */
  acknowledged: number;
  /** Messages found in their actor's history in the state store (read through daprd). */
  stored: number;
  acknowledgedNotStored: string[];
  storedNotAcknowledged: string[];
  storedTwice: string[];
  /** Answers that are neither 200 nor a 429/503 refusal, with their bodies. */
  failures: BurstAnswer[];
}

const STORE_READ_CONCURRENCY = 32;
const PROBE_ACTORS = 20;

/**
 * Sends a burst of concurrent chat messages to chat-agent's REST API while a probe keeps sending
 * messages to another actor, then reads every actor's history from the state store (daprd's actor
 * state API, not the app) to compare what was acknowledged with what was stored.
 */
export async function runChatBurst(app: E2eApp, options: ChatBurstOptions): Promise<ChatBurstReport> {
  const idOf = (index: number) => `${options.name}-${index % options.actorIds}`;
  const requests = Array.from({ length: options.requests }, (_, index) => ({
    label: `${options.name} message ${index}`,
    method: 'POST',
    path: `/chat/${idOf(index)}`,
    body: { role: 'user', content: `${options.name} message ${index}` },
  }));
  const probe = await startProbe(app, `${options.name}-probe`, options.probeIntervalMs ?? 100);
  const { answers, totalMs } = await burst(app.url, requests);
  const probed = await probe.stop();

  const acknowledged = new Set(answers.filter(({ status }) => status === 200).map(({ label }) => label));
  const storedCounts = new Map<string, number>();
  const ids = [...new Set(requests.map(({ path }) => path.slice('/chat/'.length)))];
  for (const history of await mapLimited(ids, STORE_READ_CONCURRENCY, (id) => storedHistory(app, id))) {
    for (const { role, content } of history) {
      if (role === 'user') storedCounts.set(content, (storedCounts.get(content) ?? 0) + 1);
    }
  }
  const msOf = (statuses: number[]) =>
    Math.max(0, ...answers.filter(({ status }) => statuses.includes(status)).map(({ ms }) => ms));
  return {
    requests: options.requests,
    answered: countByStatus(answers),
    totalMs,
    slowestOkMs: msOf([200]),
    slowestRefusalMs: msOf([429, 503]),
    probe: probed,
    acknowledged: acknowledged.size,
    stored: storedCounts.size,
    acknowledgedNotStored: [...acknowledged].filter((label) => !storedCounts.has(label)),
    storedNotAcknowledged: [...storedCounts.keys()].filter((label) => !acknowledged.has(label)),
    storedTwice: [...storedCounts].filter(([, count]) => count > 1).map(([label]) => label),
    failures: answers.filter(({ status }) => ![200, 429, 503].includes(status)),
  };
}

/** One line per burst for the logs of a test or benchmark. */
export function describeBurst(report: ChatBurstReport): string {
  const { answered, probe } = report;
  return (
    `${report.requests} requests: ${JSON.stringify(answered)} in ${report.totalMs.toFixed(0)} ms ` +
    `(slowest 200 ${report.slowestOkMs.toFixed(0)} ms, slowest 429/503 ${report.slowestRefusalMs.toFixed(0)} ms); ` +
    `probe ${probe.sent} messages ${JSON.stringify(probe.answered)} p50 ${probe.p50Ms.toFixed(0)} ms p99 ${probe.p99Ms.toFixed(0)} ms; ` +
    `acknowledged ${report.acknowledged}, stored ${report.stored}, stored twice ${report.storedTwice.length}`
  );
}

interface Probe {
  stop(): Promise<ChatBurstReport['probe']>;
}

/**
 * Sends a message every `intervalMs` to actors already active, in turn, whether or not the previous
 * one was answered: a fixed arrival rate (a probe that waited for each answer would send less exactly
 * when it matters), spread over enough actors that no probe waits for the one before it.
 */
async function startProbe(app: E2eApp, actorIdPrefix: string, intervalMs: number): Promise<Probe> {
  const actorIds = Array.from({ length: PROBE_ACTORS }, (_, index) => `${actorIdPrefix}-${index}`);
  const message = (index: number, content: string) => ({
    label: content,
    method: 'POST',
    path: `/chat/${actorIds[index % PROBE_ACTORS]}`,
    body: { role: 'user', content },
  });
  await burst(
    app.url,
    actorIds.map((_, index) => message(index, 'activate')),
  );
  const pending: Promise<BurstAnswer>[] = [];
  const send = () => {
    const request = message(pending.length, `probe ${pending.length}`);
    pending.push(burst(app.url, [request]).then(({ answers: [answer] }) => answer));
  };
  send();
  const timer = setInterval(send, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      const answers = await Promise.all(pending);
      const ms = answers.map((answer) => answer.ms);
      return {
        sent: answers.length,
        answered: countByStatus(answers),
        p50Ms: quantile(ms, 0.5),
        p99Ms: quantile(ms, 0.99),
      };
    },
  };
}

async function storedHistory(app: E2eApp, actorId: string): Promise<{ role: string; content: string }[]> {
  const key = encodeURIComponent(`history-${actorId}`);
  const response = await fetch(`${app.sidecarUrl}/v1.0/actors/ChatAgent/${encodeURIComponent(actorId)}/state/${key}`, {
    headers: app.sidecarHeaders,
  });
  if (response.status === 204) return [];
  if (!response.ok)
    throw new Error(`reading the history of ${actorId} from daprd: ${response.status} ${await response.text()}`);
  return (await response.json()) as { role: string; content: string }[];
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
