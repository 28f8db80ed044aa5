import { spawn } from 'node:child_process';

/**
 * Runs a command on a terminal (`script` gives it one) and answers its question once it is shown: the
 * prompt ignores keys pressed before. With CI set, the CLI would not ask at all. Resolves to what the
 * command printed.
 */
export function runAnswering(
  cwd: string,
  command: string,
  args: string[],
  question: string,
  answer: string,
): Promise<string> {
  const env = { ...process.env };
  delete env.CI;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', [command, ...args].join(' '), '/dev/null'], { cwd, env });
    const timeout = setTimeout(() => child.kill('SIGKILL'), 120_000);
    let output = '';
    let answered = false;
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (!answered && output.includes(question)) {
        answered = true;
        child.stdin.write(answer);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timeout);
      child.stdin.destroy();
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`));
    });
  });
}
