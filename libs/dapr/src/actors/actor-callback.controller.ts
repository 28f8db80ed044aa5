import { Body, Controller, Delete, Headers, HttpCode, HttpStatus, Param, Put, Req, UseFilters } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '../tracing/in-span';
import { ActorCallContext } from './actor-call-context';
import { DEADLINE_HEADER, REENTRANCY_HEADER } from './actor-client';
import { ActorErrorFilter } from './actor-error.filter';
import { ActorHost } from './actor-host';
import { ActorMetrics } from './actor-metrics';
import { watchAbandonment, type CallbackRequest } from './call-abandonment';
import { ScheduledCallbackParams } from './scheduled-callback.params';

interface ScheduledCallback {
  data?: unknown;
}

/**
 * daprd's actor callback protocol, served on the app's own HTTP port. Each call runs in an
 * ActorCallContext so that actor calls made while serving it carry its reentrancy id, and, traced, in
 * a span `{type} {method}` with the actor's id and the chain's reentrancy id (the calls of one
 * reentrant chain share it) as attributes.
 */
@Controller('actors/:actorType/:actorId')
@UseFilters(ActorErrorFilter)
export class ActorCallbackController {
  constructor(
    private readonly host: ActorHost,
    private readonly metrics: ActorMetrics,
  ) {}

  /** daprd fires a reminder at `method/remind/{name}` and a timer at `method/timer/{name}`. */
  @Put('method/:kind/:name')
  @HttpCode(HttpStatus.OK)
  fire(
    @Param() { actorType, actorId, kind, name }: ScheduledCallbackParams,
    @Body() body: ScheduledCallback | undefined,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request?: CallbackRequest,
  ): Promise<void> {
    return this.inContext(actorType, actorId, `${kind}/${name}`, headers, request, () =>
      this.host.fireScheduled(kind, actorType, actorId, name, body?.data),
    );
  }

  @Put('method/:method')
  @HttpCode(HttpStatus.OK)
  async invoke(
    @Param('actorType') actorType: string,
    @Param('actorId') actorId: string,
    @Param('method') method: string,
    @Body() input: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request?: CallbackRequest,
  ): Promise<unknown> {
    const stopTimer = this.metrics.callDuration.startTimer({ actor_type: actorType, method });
    try {
      const result = await this.inContext(actorType, actorId, method, headers, request, () =>
        this.host.invoke(actorType, actorId, method, input),
      );
      this.metrics.calls.inc({ actor_type: actorType, method, outcome: 'success' });
      // undefined would make Nest answer an empty body, which Dapr clients cannot parse as JSON.
      return result ?? null;
    } catch (error) {
      this.metrics.calls.inc({ actor_type: actorType, method, outcome: 'error' });
      throw error;
    } finally {
      stopTimer();
    }
  }

  @Delete()
  @HttpCode(HttpStatus.OK)
  deactivate(@Param('actorType') actorType: string, @Param('actorId') actorId: string): Promise<void> {
    return this.host.deactivate(actorType, actorId);
  }

  private inContext<T>(
    actorType: string,
    actorId: string,
    method: string,
    headers: Record<string, string | undefined>,
    request: CallbackRequest | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    const deadline = Number(headers[DEADLINE_HEADER]);
    const reentrancyId = headers[REENTRANCY_HEADER];
    const abandonment = watchAbandonment(request);
    const call = {
      actorType,
      actorId,
      reentrancyId,
      deadline: Number.isFinite(deadline) && deadline > 0 ? deadline : undefined,
      abandoned: abandonment.signal,
    };
    const attributes = {
      'dapr.actor.type': actorType,
      'dapr.actor.id': actorId,
      'dapr.actor.method': method,
      ...(reentrancyId && { 'dapr.actor.reentrancy_id': reentrancyId }),
    };
    return inSpan(`${actorType} ${method}`, SpanKind.INTERNAL, attributes, () =>
      ActorCallContext.run(call, work),
    ).finally(() => abandonment.answered());
  }
}
