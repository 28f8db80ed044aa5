import { RestartPolicy } from './restart-policy';

describe('RestartPolicy', () => {
  let now = 0;
  const policy = (): RestartPolicy => new RestartPolicy(undefined, () => now);

  beforeEach(() => (now = 0));

  it('doubles the delay from 0.5 s with each restart within a minute', () => {
    const restarts = policy();
    const delays = [1, 2, 3, 4, 5].map(() => restarts.decide('chat-agent#2'));
    expect(delays).toEqual([
      { restart: true, delayMs: 500, nth: 1 },
      { restart: true, delayMs: 1_000, nth: 2 },
      { restart: true, delayMs: 2_000, nth: 3 },
      { restart: true, delayMs: 4_000, nth: 4 },
      { restart: true, delayMs: 8_000, nth: 5 },
    ]);
  });

  it('calls the sixth crash within a minute a crash loop', () => {
    const restarts = policy();
    for (let crash = 0; crash < 5; crash++) restarts.decide('chat-agent#2-daprd');
    expect(restarts.decide('chat-agent#2-daprd')).toEqual({ restart: false, restarts: 5 });
  });

  it('forgets restarts older than a minute, and keeps processes apart', () => {
    const restarts = policy();
    restarts.decide('chat-agent#2');
    restarts.decide('chat-agent#2');
    expect(restarts.decide('chat-agent#3')).toMatchObject({ delayMs: 500, nth: 1 });
    now = 60_001;
    expect(restarts.decide('chat-agent#2')).toEqual({ restart: true, delayMs: 500, nth: 1 });
  });
});
