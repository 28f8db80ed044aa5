import { IsInt, Max, Min } from 'class-validator';

export class FailNextDto {
  @IsInt()
  @Min(0)
  @Max(1000)
  failNext!: number;
}
