import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { GreetingParams } from '@daca/greeting';
import { GreetJobsService } from './greet-jobs.service';
import { JobIdParams } from './job-id.params';
import type { JobView } from './job-view';

@Controller()
export class GreetJobsController {
  constructor(private readonly jobs: GreetJobsService) {}

  @Post('call-greet/:name/jobs')
  @HttpCode(HttpStatus.ACCEPTED)
  enqueue(@Param() { name }: GreetingParams): Promise<JobView> {
    return this.jobs.enqueue(name);
  }

  @Get('jobs/failed')
  failed(): Promise<{ jobs: JobView[] }> {
    return this.jobs.failed().then((jobs) => ({ jobs }));
  }

  @Get('jobs/:id')
  find(@Param() { id }: JobIdParams): Promise<JobView> {
    return this.jobs.find(id);
  }

  @Post('jobs/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  retry(@Param() { id }: JobIdParams): Promise<JobView> {
    return this.jobs.retry(id);
  }
}
