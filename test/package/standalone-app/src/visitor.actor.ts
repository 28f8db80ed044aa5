import { Actor, DaprActor, OnReminder } from '@daca/dapr';
import { VisitorContract, type Visitor, type VisitorApi } from './visitor.contract';

const STATE_KEY = 'visitor';
const REMIND_AFTER_MS = 500;

/** Counts visits and keeps greetings in its state; a reminder marks it after each visit. */
@DaprActor(VisitorContract)
export class VisitorActor extends Actor implements VisitorApi {
  async visit(): Promise<Visitor> {
    const visitor = await this.get();
    await this.scheduler.registerReminder('Remind', { dueTimeMs: REMIND_AFTER_MS });
    return this.save({ ...visitor, visits: visitor.visits + 1 });
  }

  async greet(greeting: string): Promise<Visitor> {
    const visitor = await this.get();
    return this.save({ ...visitor, greetings: [...visitor.greetings, greeting] });
  }

  async get(): Promise<Visitor> {
    return (await this.state.get<Visitor>(STATE_KEY)) ?? { visits: 0, greetings: [], reminded: false };
  }

  @OnReminder('Remind')
  async remind(): Promise<void> {
    await this.save({ ...(await this.get()), reminded: true });
  }

  private async save(visitor: Visitor): Promise<Visitor> {
    await this.state.set(STATE_KEY, visitor);
    return visitor;
  }
}
