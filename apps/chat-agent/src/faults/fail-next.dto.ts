import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

const MAX_FAIL_NEXT = 1000;

export class FailNextDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_FAIL_NEXT, description: 'How many next operations fail' })
  @IsInt()
  @Min(0)
  @Max(MAX_FAIL_NEXT)
  failNext!: number;
}
