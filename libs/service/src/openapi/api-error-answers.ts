import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorAnswer } from './error-answer.schema';

/** Why a route answers a status: `[status, reason]`. */
export type ErrorCase = readonly [status: number, reason: string];

/** Documents the error answers a route gives on purpose, each with the one error body (ErrorAnswer). */
export function ApiErrorAnswers(...cases: ErrorCase[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...cases.map(([status, description]) => ApiResponse({ status, description, type: ErrorAnswer })),
  );
}
