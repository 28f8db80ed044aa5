import { IsNotEmpty, IsString } from 'class-validator';

export class DaprTopicParams {
  @IsString()
  @IsNotEmpty()
  pubsub!: string;

  @IsString()
  @IsNotEmpty()
  topic!: string;
}
