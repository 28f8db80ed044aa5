/** The options of the `service` schematic (schema.json). */
export interface ServiceOptions {
  /** The Nest project, kebab-case: apps/<name>. */
  name: string;
  /** The Dapr app id; the name when not given. */
  appId?: string;
}
