import { Injectable } from '@nestjs/common';
import { FaultInjector } from './fault-injector';

/** Fails the next N attempts of the event outbox to publish through the sidecar. */
@Injectable()
export class PublishFaultInjector extends FaultInjector {}
