// @ts-check
/**
 * Nx plugin: the projects of nest-cli.json, the one list of the workspace's apps and libraries (`nest g
 * app`, `nest g library` and `nest g -c @daca/schematics service` add to it), become Nx projects, so
 * nothing is declared twice. An app builds with `nest build <app>`; a package of libs/ (its own
 * package.json with a build script) with `npm run build` in its directory. Nx finds the dependencies
 * between them in the imports, through tsconfig.json's paths.
 */
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** @param {string} path */
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/**
 * @param {string} workspaceRoot
 * @param {string} root
 * @returns {Record<string, import('nx/src/config/workspace-json-project-json').TargetConfiguration>}
 */
function packageTargets(workspaceRoot, root) {
  const manifest = join(workspaceRoot, root, 'package.json');
  if (!existsSync(manifest) || !readJson(manifest).scripts?.build) return {};
  return { build: { command: 'npm run build', options: { cwd: root }, cache: true, outputs: [`{projectRoot}/dist`] } };
}

/** @type {import('nx/src/project-graph/plugins').CreateNodes} */
exports.createNodes = [
  '{nest-cli.json,libs/*/package.json}',
  (files, _options, context) => {
    const nestCli = files.find((file) => file === 'nest-cli.json');
    /** @type {Record<string, { type: string, root: string, sourceRoot: string }>} */
    const projects = nestCli ? readJson(join(context.workspaceRoot, nestCli)).projects : {};
    const nestRoots = new Set(Object.values(projects).map((project) => project.root));
    const fromNestCli = Object.entries(projects).map(([name, project]) => ({
      root: project.root,
      name,
      sourceRoot: project.sourceRoot,
      projectType: /** @type {const} */ (project.type === 'application' ? 'application' : 'library'),
      targets:
        project.type === 'application'
          ? {
              build: {
                command: `nest build ${name}`,
                cache: true,
                outputs: [`{workspaceRoot}/dist/apps/${name}`],
              },
            }
          : packageTargets(context.workspaceRoot, project.root),
    }));
    // Packages of libs/ that are no Nest library, e.g. libs/schematics.
    const packages = files
      .filter((file) => file !== nestCli && !nestRoots.has(dirname(file)))
      .map((file) => ({
        root: dirname(file),
        name: readJson(join(context.workspaceRoot, file)).name,
        projectType: /** @type {const} */ ('library'),
        targets: packageTargets(context.workspaceRoot, dirname(file)),
      }));
    return [
      [
        nestCli ?? files[0],
        { projects: Object.fromEntries([...fromNestCli, ...packages].map((project) => [project.root, project])) },
      ],
    ];
  },
];
