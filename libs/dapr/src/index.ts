export { daprConfig, type DaprConfig } from './dapr.config';
export { DaprModule } from './dapr.module';
export { DaprSidecar, type SidecarRequestInit } from './sidecar/dapr-sidecar';
export { DaprSidecarHealthIndicator } from './sidecar/dapr-sidecar.health';
export { isSidecarCallback } from './sidecar/sidecar-callback';
export * from './actors';
export * from './faults';
export * from './pubsub';
export { SidecarAnswer } from './sidecar/sidecar-answer';
