import { IsBoolean } from 'class-validator';
import { EnvBoolean } from './env-boolean';
import { validateEnv } from './validate-env';

class Flags {
  @EnvBoolean()
  @IsBoolean()
  ON: boolean = true;

  @EnvBoolean()
  @IsBoolean()
  OFF: boolean = false;
}

describe('EnvBoolean', () => {
  it('keeps defaults when unset', () => {
    expect({ ...validateEnv('flags', Flags, {}) }).toEqual({ ON: true, OFF: false });
  });

  it('reads true and false', () => {
    expect({ ...validateEnv('flags', Flags, { ON: 'false', OFF: 'true' }) }).toEqual({ ON: false, OFF: true });
  });

  it('rejects anything else', () => {
    expect(() => validateEnv('flags', Flags, { ON: 'yes' })).toThrow("ON ('yes'): ON must be a boolean value");
  });
});
