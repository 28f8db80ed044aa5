/** The options of the `actor` schematic (schema.json). */
export interface ActorOptions {
  /** The actor type, PascalCase or kebab-case. */
  name: string;
  /** The application of nest-cli.json that hosts the actor. */
  project: string;
  /** The module that registers the actor, relative to the project's sourceRoot. */
  module: string;
  /** Write the files without registering the actor in the module. */
  skipImport?: boolean;
}
