import { ApiProperty } from '@nestjs/swagger';

/** The lab's body of a simulated failure (SIMULATE_FAILURE), answered with FAILURE_STATUS_CODE. */
export class SimulatedFailureBody {
  @ApiProperty({ example: 'Simulated temporary error from callee-service (attempt 1)' })
  detail!: string;
}
