import { SchematicsException, type Tree } from '@angular-devkit/schematics';

/**
 * The text of a file the generators edit; its absence means the generator runs outside a daca-nest
 * workspace (or one that lost a file it relies on), which the message says.
 */
export function readWorkspaceFile(tree: Tree, path: string): string {
  if (!tree.exists(path)) {
    throw new SchematicsException(
      `${path} is missing: run the generator from the root of a daca-nest workspace (where dapr.yaml and nest-cli.json are)`,
    );
  }
  return tree.readText(path);
}
