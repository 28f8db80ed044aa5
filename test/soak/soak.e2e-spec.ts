import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { waitForActorHosts } from '../scale-out/actor-hosts';
import { CHAT_REPLICAS, FAULT_KINDS, runSoak, soakEnvironment, type SoakOptions } from '../../soak/soak';
import { formatSoakReport } from '../../soak/soak-report';

// The short soak of CI: `npm run soak` runs the same for 2 minutes at twice the rate.
const OPTIONS: SoakOptions = {
  durationMs: 60_000,
  ratePerS: 20,
  faultEveryMs: 6_000,
  downMs: 2_000,
  faults: [...FAULT_KINDS],
  actorIds: 50,
  seed: 20261126,
  ha: false,
};

describe('chaos soak (short): mixed traffic while processes are killed with SIGKILL and restarted', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startE2eStack({ replicas: { 'chat-agent': CHAT_REPLICAS }, env: soakEnvironment(OPTIONS) });
    await waitForActorHosts(
      e2e,
      Array.from({ length: CHAT_REPLICAS }, (_, index) => e2e.app('chat-agent', index + 1)),
    );
  });

  afterAll(() => e2e?.stop());

  it('loses no acknowledged write and no event of one', async () => {
    const verdict = await runSoak(e2e, OPTIONS, () => undefined);
    process.stdout.write(`${formatSoakReport(OPTIONS, verdict)}\n`);

    expect(verdict.faults.length).toBeGreaterThanOrEqual(4);
    expect(verdict.acknowledgedWrites).toBeGreaterThan(OPTIONS.ratePerS * 10);
    expect(verdict.lostWrites).toEqual([]);
    expect(verdict.undeliveredEvents).toEqual([]);
    for (const outcomes of Object.values(verdict.outcomes)) expect(outcomes['200']).toBeGreaterThan(0);
  });
});
