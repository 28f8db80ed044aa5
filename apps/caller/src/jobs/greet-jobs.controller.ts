import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GreetingParams } from '@daca/greeting';
import { ApiErrorAnswers } from '@daca/service';
import { GreetJobsService } from './greet-jobs.service';
import { JobIdParams } from './job-id.params';
import { FailedJobs, JobView } from './job-view';

const NO_SUCH_JOB = [
  HttpStatus.NOT_FOUND,
  'No such job: it never existed, or it completed more than a day ago',
] as const;
const BAD_JOB_ID = [HttpStatus.BAD_REQUEST, 'An id that is not a job id (a UUID)'] as const;

@ApiTags('jobs')
@Controller()
export class GreetJobsController {
  constructor(private readonly jobs: GreetJobsService) {}

  @Post('call-greet/:name/jobs')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Queues a durable job that fetches callee's greeting of name, with retries" })
  @ApiAcceptedResponse({ type: JobView })
  @ApiErrorAnswers([HttpStatus.BAD_REQUEST, 'A name that breaks the rule'])
  enqueue(@Param() { name }: GreetingParams): Promise<JobView> {
    return this.jobs.enqueue(name);
  }

  @Get('jobs/failed')
  @ApiOperation({ summary: 'The jobs that failed every attempt' })
  @ApiOkResponse({ type: FailedJobs })
  failed(): Promise<FailedJobs> {
    return this.jobs.failed().then((jobs) => ({ jobs }));
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A job: its state, attempts and result' })
  @ApiOkResponse({ type: JobView })
  @ApiErrorAnswers(BAD_JOB_ID, NO_SUCH_JOB)
  find(@Param() { id }: JobIdParams): Promise<JobView> {
    return this.jobs.find(id);
  }

  @Post('jobs/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queues a failed job again' })
  @ApiAcceptedResponse({ type: JobView })
  @ApiErrorAnswers(BAD_JOB_ID, NO_SUCH_JOB, [
    HttpStatus.CONFLICT,
    'The job has not failed: only failed jobs are retried',
  ])
  retry(@Param() { id }: JobIdParams): Promise<JobView> {
    return this.jobs.retry(id);
  }
}
