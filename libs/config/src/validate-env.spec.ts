import { IsInt, IsString, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { validateEnv } from './validate-env';

class Sample {
  @IsString()
  NAME!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsInt()
  RETRIES: number = 3;
}

describe('validateEnv', () => {
  it('converts strings to the declared types and keeps defaults', () => {
    expect(validateEnv('sample', Sample, { NAME: 'a', PORT: '8000' })).toEqual({ NAME: 'a', PORT: 8000, RETRIES: 3 });
  });

  it('lists every invalid variable in one message', () => {
    const error = (() => {
      try {
        validateEnv('sample', Sample, { PORT: '70000', RETRIES: 'many' });
      } catch (thrown) {
        return thrown as Error;
      }
      throw new Error('validateEnv accepted an invalid environment');
    })();
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.message).toBe(
      [
        'Invalid sample configuration. Fix these environment variables and start again:',
        '  - NAME (unset): NAME must be a string',
        "  - PORT ('70000'): PORT must not be greater than 65535",
        "  - RETRIES ('many'): RETRIES must be an integer number",
      ].join('\n'),
    );
  });
});
