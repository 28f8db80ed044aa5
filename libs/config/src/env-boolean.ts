import { Transform } from 'class-transformer';

/**
 * Reads an environment variable as a boolean: only `true` and `false` are accepted (IsBoolean rejects
 * the rest). It reads the raw string because implicit conversion would turn 'false' into true.
 */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }): unknown => {
    const raw = obj[key];
    if (raw === undefined) return value;
    return raw === 'true' ? true : raw === 'false' ? false : raw;
  });
}
