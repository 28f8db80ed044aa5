// @js-temporal/polyfill 0.3.0, the version @dapr/dapr depends on, keeps its types outside its package
// `exports`, where TypeScript's Node module resolution does not look for them. What the baseline uses:
declare module '@js-temporal/polyfill' {
  export namespace Temporal {
    class Duration {
      static from(item: { seconds: number }): Duration;
    }
  }
}
