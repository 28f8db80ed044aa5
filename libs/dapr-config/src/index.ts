export { actorsConfig } from './actors.config';
export { daprConfig, type DaprConfig } from './dapr.config';
export { daprFromEnvironment } from './dapr-from-environment';
export { pubsubConfig, type PubSubConfig } from './pubsub.config';
