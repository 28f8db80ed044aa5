import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorBody } from '../errors/error-answer';

/** ErrorBody as the OpenAPI documents show it: the shape of every error answer (see sendError). */
export class ErrorAnswer implements ErrorBody {
  [detail: string]: unknown;

  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated', example: 400 })
  statusCode!: number;

  @ApiProperty({ description: "The status's name", example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    description: 'What was wrong and what to do about it',
    example: "name must be 1 to 64 letters, digits, spaces or . _ ' -",
  })
  message!: string;

  @ApiProperty({ description: "The request's x-correlation-id (also sent as that header): quote it when reporting" })
  correlationId!: string;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'When to try again (also sent as Retry-After), for a request refused for now',
  })
  retryAfterSeconds?: number;
}
