import { ValidateBy } from 'class-validator';
import { DURATION_FORMAT_HINT, parseDuration } from '@daca/dapr';

const isDuration = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    parseDuration(value);
    return true;
  } catch {
    return false;
  }
};

/** Validates an environment variable holding a Go duration (read it with @daca/dapr's parseDuration). */
export function IsDuration(): PropertyDecorator {
  return ValidateBy(
    { name: 'isDuration', validator: { validate: isDuration } },
    { message: `$property must be a duration: ${DURATION_FORMAT_HINT}` },
  );
}
