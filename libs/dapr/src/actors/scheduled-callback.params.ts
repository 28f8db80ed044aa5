import { IsIn, IsString } from 'class-validator';

export const SCHEDULED_KINDS = ['remind', 'timer'] as const;
export type ScheduledKind = (typeof SCHEDULED_KINDS)[number];

/** The path of daprd's reminder and timer callbacks: `/actors/{type}/{id}/method/{remind|timer}/{name}`. */
export class ScheduledCallbackParams {
  @IsString() actorType!: string;
  @IsString() actorId!: string;
  @IsIn(SCHEDULED_KINDS) kind!: ScheduledKind;
  @IsString() name!: string;
}
