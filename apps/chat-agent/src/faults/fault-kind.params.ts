import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const FAULT_KINDS = ['state', 'events', 'publish'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export class FaultKindParams {
  @ApiProperty({ enum: FAULT_KINDS, description: 'Actor state operations, event deliveries or event publishing' })
  @IsIn(FAULT_KINDS, { message: `kind must be one of: ${FAULT_KINDS.join(', ')}` })
  kind!: FaultKind;
}
