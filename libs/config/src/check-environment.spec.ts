import { registerAs } from '@nestjs/config';
import { IsInt, Max } from 'class-validator';
import { checkEnvironment } from './check-environment';
import { validateEnv } from './validate-env';

class PortEnv {
  @IsInt() @Max(65535) PORT: number = 80;
}
class RetriesEnv {
  @IsInt() RETRIES: number = 3;
}

const port = registerAs('port', () => validateEnv('port', PortEnv, { PORT: '70000' }));
const retries = registerAs('retries', () => validateEnv('retries', RetriesEnv, { RETRIES: 'many' }));
const fine = registerAs('fine', () => validateEnv('retries', RetriesEnv, {}));

describe('checkEnvironment', () => {
  let stderr: jest.SpyInstance;
  let exit: jest.SpyInstance;

  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
  });

  afterEach(() => jest.restoreAllMocks());

  it('prints every bad variable of every section in one message and exits 1', () => {
    checkEnvironment(port, fine, retries);
    expect(stderr).toHaveBeenCalledWith(
      [
        'Invalid port, retries configuration. Fix these environment variables and start again:',
        "  - PORT ('70000'): PORT must not be greater than 65535",
        "  - RETRIES ('many'): RETRIES must be an integer number",
        '',
      ].join('\n'),
    );
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('does nothing when every section is valid', () => {
    checkEnvironment(fine);
    expect([stderr.mock.calls, exit.mock.calls]).toEqual([[], []]);
  });
});
