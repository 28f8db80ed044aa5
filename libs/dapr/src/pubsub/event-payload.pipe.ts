import { Injectable, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { DropEventException } from './drop-event.exception';

function reasons(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}),
    ...reasons(error.children ?? []).map((reason) => `${error.property}.${reason}`),
  ]);
}

/**
 * Validates an event's payload against its class-validator DTO, `@Payload(EventPayloadPipe)`.
 * A malformed event is dropped with its reasons (delivering it again cannot make it valid).
 */
@Injectable()
export class EventPayloadPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      exceptionFactory: (errors) => new DropEventException(`malformed event: ${reasons(errors).join('; ')}`),
    });
  }
}
