import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

// IsUUID(4)'s rule, for the document: a version 4 UUID, in either case.
const UUID_V4 = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';

export class JobIdParams {
  @ApiProperty({
    format: 'uuid',
    pattern: UUID_V4,
    description: 'A job id as returned by POST /call-greet/{name}/jobs',
  })
  @IsUUID(4, { message: 'id must be a job id as returned by POST /call-greet/{name}/jobs' })
  id!: string;
}
