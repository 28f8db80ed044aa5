import { IsUUID } from 'class-validator';

export class JobIdParams {
  @IsUUID(4, { message: 'id must be a job id as returned by POST /call-greet/{name}/jobs' })
  id!: string;
}
