export { GreetingParams } from './greeting.params';
