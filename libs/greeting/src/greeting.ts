import { ApiProperty } from '@nestjs/swagger';

/** callee's greeting, which caller's GET /call-greet/{name} passes on. */
export class Greeting {
  @ApiProperty({ example: 'Hello, Dapr User from callee-app!' })
  message!: string;
}
