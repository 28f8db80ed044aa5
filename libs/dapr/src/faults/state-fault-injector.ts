import { Injectable } from '@nestjs/common';
import { FaultInjector } from './fault-injector';

/** Fails the next N actor state operations (before they reach the sidecar). */
@Injectable()
export class StateFaultInjector extends FaultInjector {}
