import { defineActorContract } from '@daca/dapr';

export interface Visitor {
  visits: number;
  greetings: string[];
  /** Set by the Remind reminder that each visit registers. */
  reminded: boolean;
}

export interface VisitorApi {
  visit(): Promise<Visitor>;
  greet(greeting: string): Promise<Visitor>;
  get(): Promise<Visitor>;
}

export const VisitorContract = defineActorContract<VisitorApi>('Visitor', {
  visit: 'Visit',
  greet: 'Greet',
  get: 'Get',
});
