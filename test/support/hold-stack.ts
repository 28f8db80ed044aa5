import { startE2eStack } from './e2e-stack';

// Starts a one-app stack, prints the process ids it started as one JSON line, and waits to be killed:
// the orphan test kills this process with SIGKILL and checks that nothing it started outlives it.
void startE2eStack({ apps: ['callee-app'] }).then((e2e) => {
  process.stdout.write(`${JSON.stringify(e2e.stack.pids())}\n`);
  setInterval(() => undefined, 60_000);
});
