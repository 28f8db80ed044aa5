import { Matches } from 'class-validator';

export class GreetingParams {
  @Matches(/^[\p{L}\p{N} ._'-]{1,64}$/u, {
    message: "name must be 1 to 64 letters, digits, spaces or . _ ' -",
  })
  name!: string;
}
