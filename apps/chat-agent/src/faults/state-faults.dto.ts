import { IsInt, Max, Min } from 'class-validator';

export class StateFaultsDto {
  @IsInt()
  @Min(0)
  @Max(1000)
  failNext!: number;
}
