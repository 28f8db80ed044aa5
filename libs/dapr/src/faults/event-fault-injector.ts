import { Injectable } from '@nestjs/common';
import { FaultInjector } from './fault-injector';

/** Fails the next N pub/sub deliveries to this app's event handlers (they answer RETRY). */
@Injectable()
export class EventFaultInjector extends FaultInjector {}
