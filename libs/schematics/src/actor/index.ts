import { join, normalize, strings } from '@angular-devkit/core';
import {
  SchematicsException,
  apply,
  applyTemplates,
  chain,
  mergeWith,
  move,
  url,
  type Rule,
  type Tree,
} from '@angular-devkit/schematics';
import { ModuleDeclarator } from '@nestjs/schematics';
import { readWorkspaceFile } from '../workspace/workspace-file';
import type { ActorOptions } from './actor.options';

interface NestCliJson {
  projects: Record<string, { type: string; sourceRoot?: string }>;
}

/**
 * `nest g -c @daca/schematics actor <Name> --project <app>`: a Dapr actor in an application of
 * nest-cli.json. It writes <sourceRoot>/<name>/<name>.contract.ts (the typed contract callers proxy),
 * <name>.actor.ts (the `@DaprActor` class on its state) and <name>.actor.spec.ts (a unit spec on
 * `@daca/dapr/testing`'s in-memory sidecar), and adds the class to the providers of the app's module,
 * where DaprModule finds and hosts it.
 */
export function actor(options: ActorOptions): Rule {
  return (tree: Tree) => {
    const sourceRoot = projectSourceRoot(tree, options.project);
    // Absolute in the tree: @nestjs/schematics computes the import's relative path from these.
    const modulePath = join(normalize('/'), sourceRoot, options.module);
    if (!tree.exists(modulePath)) {
      throw new SchematicsException(
        `${modulePath} does not exist: give the module that registers the actor with --module (relative to ${sourceRoot})`,
      );
    }
    const name = strings.dasherize(options.name);
    const actorType = strings.classify(name);
    const directory = join(normalize('/'), sourceRoot, name);
    if (tree.exists(join(directory, `${name}.actor.ts`))) {
      throw new SchematicsException(`${directory}/${name}.actor.ts already exists: choose another name`);
    }
    return chain([
      mergeWith(
        apply(url('./files'), [applyTemplates({ ...strings, name, project: options.project }), move(sourceRoot)]),
      ),
      (edited: Tree) => {
        if (options.skipImport) return;
        const registered = new ModuleDeclarator().declare(edited.readText(modulePath), {
          metadata: 'providers',
          type: 'actor',
          name,
          path: directory,
          module: modulePath,
          symbol: `${actorType}Actor`,
        });
        edited.overwrite(modulePath, registered);
      },
    ]);
  };
}

function projectSourceRoot(tree: Tree, project: string): string {
  const { projects } = JSON.parse(readWorkspaceFile(tree, 'nest-cli.json')) as NestCliJson;
  const applications = Object.keys(projects).filter((candidate) => projects[candidate].type === 'application');
  const sourceRoot = projects[project]?.sourceRoot;
  if (projects[project]?.type !== 'application' || sourceRoot === undefined) {
    throw new SchematicsException(
      `'${project}' is not an application of nest-cli.json: give one with --project (${applications.join(', ')})`,
    );
  }
  return sourceRoot;
}
