import { Matches } from 'class-validator';

/** A name to greet: callee's GET /greet/{name} and every caller route that passes one on apply it. */
export class GreetingParams {
  @Matches(/^[\p{L}\p{N} ._'-]{1,64}$/u, {
    message: "name must be 1 to 64 letters, digits, spaces or . _ ' -",
  })
  name!: string;
}
