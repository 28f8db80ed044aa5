export { actorsConfig } from './actors.config';
export { daprConfig, type DaprConfig } from './dapr.config';
export { pubsubConfig, type PubSubConfig } from './pubsub.config';
