import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

const NAME = /^[\p{L}\p{N} ._'-]{1,64}$/u;
const NAME_RULE = "name must be 1 to 64 letters, digits, spaces or . _ ' -";

/** A name to greet: callee's GET /greet/{name} and every caller route that passes one on apply it. */
export class GreetingParams {
  @ApiProperty({ description: NAME_RULE, pattern: NAME.source, example: 'Dapr User' })
  @Matches(NAME, { message: NAME_RULE })
  name!: string;
}
