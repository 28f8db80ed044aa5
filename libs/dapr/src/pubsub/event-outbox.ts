import { Inject, Injectable, Logger, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { bullMqConnection } from '../connections/bullmq-connection';
import { closeForShutdown } from '../connections/close-for-shutdown';
import { Dependency } from '../connections/dependency';
import { DependencyMonitor } from '../connections/dependency-monitor';
import { watchBullMq } from '../connections/watch-bullmq';
import { resumeContext } from '../context/carried-context';
import type { DaprModuleOptions } from '../dapr-module.options';
import { DAPR_MODULE_OPTIONS } from '../dapr.module-definition';
import { PUBLISH_FAULTS, type FaultHook } from '../faults/fault-hooks';
import { retryDelayMs, type RetryPolicy } from '../retry/retry-policy';
import { DaprSidecar } from '../sidecar/dapr-sidecar';
import { withTimeout } from '../sidecar/with-timeout';
import type { OutboxEvent } from './outbox-event';
import { DEFAULT_PUBLISH_RETRY_POLICY, type PubSubOptions } from './pubsub.options';
import { PubSubMetrics } from './pubsub-metrics';
import { publishThroughSidecar } from './publish-through-sidecar';

const CAPPED_EXPONENTIAL = 'capped-exponential';
// A slow sidecar must not hold the publisher (an actor's turn) for long: the outbox takes over.
const DIRECT_PUBLISH_TIMEOUT_MS = 2_000;
const PUBLISH = 'publish to the sidecar';

/**
 * Publishes events through the sidecar, durably: an event the sidecar does not take at once is kept
 * in a BullMQ queue in Redis, whose worker retries it under the publish policy until it is accepted.
 * An event is never lost to a sidecar or broker outage, nor to a restart of the app. Publishing at
 * once first keeps the queue's Redis round trips off the common path (it costs as much as the
 * queue's add, and daprd has the event in the broker when it answers).
 */
@Injectable()
export class EventOutbox implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EventOutbox.name);
  private readonly options?: Required<PubSubOptions>;
  private redis?: Dependency;
  // Not a readiness check: the app serves on while events wait in the outbox. Failures are logged when
  // publishing stops working and then at a bounded rate, not once per event and attempt.
  private readonly publishing: Dependency;
  private queue?: Queue<OutboxEvent>;
  private worker?: Worker<OutboxEvent>;

  constructor(
    @Inject(DAPR_MODULE_OPTIONS) { appId, pubsub }: DaprModuleOptions,
    private readonly sidecar: DaprSidecar,
    private readonly metrics: PubSubMetrics,
    // The host's, when it has one, so that the outbox's Redis counts in its readiness.
    @Optional() private readonly dependencies: DependencyMonitor = new DependencyMonitor(),
    @Optional() @Inject(PUBLISH_FAULTS) private readonly faults?: FaultHook,
  ) {
    this.options = pubsub && {
      redis: pubsub.redis,
      publishRetryPolicy: pubsub.publishRetryPolicy ?? DEFAULT_PUBLISH_RETRY_POLICY,
      outboxQueue: pubsub.outboxQueue ?? `${appId}-event-outbox`,
    };
    this.publishing = new Dependency(
      'event publishing',
      'events are kept in the outbox and published once the sidecar takes them',
      this.logger,
    );
  }

  onModuleInit(): void {
    if (!this.options) return;
    const { publishRetryPolicy: policy, outboxQueue } = this.options;
    const connection = bullMqConnection(this.options.redis);
    this.redis = this.dependencies.dependency(
      'redis',
      'events the sidecar does not take at once cannot be kept in the outbox, and this app reports not ready',
    );
    this.queue = new Queue(outboxQueue, { connection });
    // Three parameters: BullMQ passes the signal that cancels a job (at shutdown) only then.
    // Retried in the context of the work that produced the event: its trace and correlation id.
    const retry = (event: OutboxEvent, signal?: AbortSignal): Promise<void> =>
      resumeContext(event, `${event.topic} publish (outbox)`, () => this.publish(event, signal));
    this.worker = new Worker(outboxQueue, (job, _token, signal) => retry(job.data, signal), {
      connection,
      concurrency: 16,
      settings: { backoffStrategy: (attemptsMade) => retryDelayMs(policy, attemptsMade) ?? -1 },
    });
    watchBullMq(this.redis, 'event outbox queue', this.queue, this.logger);
    watchBullMq(this.redis, 'event outbox worker', this.worker, this.logger);
    this.worker.on('completed', (job) => {
      this.metrics.published.inc({ ...topicOf(job), outcome: 'published' });
      this.publishing.connected(PUBLISH);
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.metrics.published.inc({ ...topicOf(job), outcome: exhausted ? 'failed' : 'retry' });
      const what = `event ${job.data.id} for ${job.data.pubsub}/${job.data.topic}`;
      if (exhausted) {
        this.logger.error(
          `${what} was not published after ${job.attemptsMade} attempts (${error.message}); it stays in the failed set of queue ${this.queue?.name}`,
        );
      } else {
        this.publishing.failed(PUBLISH, error);
      }
    });
  }

  /** Publishes the event now, or keeps it in Redis until it is published. */
  async send(event: OutboxEvent): Promise<void> {
    const policy = this.policy();
    try {
      await withTimeout(DIRECT_PUBLISH_TIMEOUT_MS, (signal) => this.publish(event, signal));
      this.metrics.published.inc({ pubsub: event.pubsub, topic: event.topic, outcome: 'published' });
      this.publishing.connected(PUBLISH);
    } catch (error) {
      this.metrics.published.inc({ pubsub: event.pubsub, topic: event.topic, outcome: 'retry' });
      this.publishing.failed(PUBLISH, error as Error);
      await this.enqueue(event, policy);
    }
  }

  private policy(): RetryPolicy {
    if (!this.options) {
      throw new Error(
        'DaprEventPublisher cannot publish: give DaprModule the `pubsub` option (the Redis of its outbox)',
      );
    }
    return this.options.publishRetryPolicy;
  }

  private async enqueue(event: OutboxEvent, policy: RetryPolicy): Promise<void> {
    await this.queue?.add('publish', event, {
      jobId: event.id,
      attempts: policy.maxRetries + 1,
      backoff: { type: CAPPED_EXPONENTIAL },
      removeOnComplete: true,
      removeOnFail: false,
    });
  }

  private async publish(event: OutboxEvent, signal?: AbortSignal): Promise<void> {
    this.faults?.check(`publish of event ${event.id}`);
    await publishThroughSidecar(this.sidecar, event, signal);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis && this.worker && this.queue) await closeForShutdown(this.redis, [this.worker], [this.queue]);
    await this.worker?.close();
    await this.queue?.close();
  }
}

function topicOf(job: Job<OutboxEvent>): { pubsub: string; topic: string } {
  return { pubsub: job.data.pubsub, topic: job.data.topic };
}
