import { ActorTurns } from './actor-turns';

/** Whether `promise` has settled once pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/** Asserts that `waiting` waits until `release` is called, and no longer. */
async function expectAdmittedOnRelease(release: () => void, waiting: Promise<unknown>): Promise<void> {
  expect(await settled(waiting)).toBe(false);
  release();
  expect(await settled(waiting)).toBe(true);
}

describe('ActorTurns', () => {
  it('runs one call chain at a time in each actor, first come first served', async () => {
    const turns = new ActorTurns();
    const first = await turns.take('A/1', 'chain-1', true);
    const second = turns.take('A/1', 'chain-2', true);
    const third = turns.take('A/1', 'chain-3', true);
    await expect(turns.take('A/2', 'chain-4', true)).resolves.toEqual(expect.any(Function));

    await expectAdmittedOnRelease(first, second);
    await expectAdmittedOnRelease(await second, third);
  });

  it('lets a call of the chain holding the actor re-enter under reentrancy, and waits for all of them', async () => {
    const turns = new ActorTurns();
    const outer = await turns.take('A/1', 'chain-1', true);
    const inner = await turns.take('A/1', 'chain-1', true);
    const other = turns.take('A/1', 'chain-2', true);

    outer();
    await expectAdmittedOnRelease(inner, other);
  });

  it('makes a call of the same chain wait like any other without reentrancy', async () => {
    const turns = new ActorTurns();
    const outer = await turns.take('A/1', 'chain-1', false);
    await expectAdmittedOnRelease(outer, turns.take('A/1', 'chain-1', false));
  });

  it('drops a waiting call whose signal aborts, and admits the next one', async () => {
    const turns = new ActorTurns();
    const release = await turns.take('A/1', 'chain-1', true);
    const giveUp = new AbortController();
    const abandoned = turns.take('A/1', 'chain-2', true, giveUp.signal);
    const next = turns.take('A/1', 'chain-3', true);

    giveUp.abort(new Error('gave up'));
    await expect(abandoned).rejects.toThrow('gave up');
    await expectAdmittedOnRelease(release, next);
  });
});
