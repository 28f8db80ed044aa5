export { Greeting } from './greeting';
export { GreetingParams } from './greeting.params';
