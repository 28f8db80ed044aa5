// @ts-check
/**
 * Jest transformer for the ES modules in node_modules. Nest 12's packages are ESM only; the built apps
 * load them with Node's require(esm), but Jest runs specs as CommonJS in its own module system, which
 * cannot require an ES module on Node 20 and 22. This rewrites such a file to CommonJS with the
 * TypeScript compiler, as Nest 11's packages were published. Files of CommonJS packages pass unchanged.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const ts = require('typescript');

/** @type {Map<string, boolean>} directory → whether its package is an ES module package */
const esmPackageDirs = new Map();

/** Whether Node would load `file` as an ES module: `.mjs`, or `.js` in a package of `"type": "module"`. */
function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  const visited = [];
  let esm = false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const known = esmPackageDirs.get(dir);
    if (known !== undefined) {
      esm = known;
      break;
    }
    visited.push(dir);
    let manifest;
    try {
      manifest = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      if (dirname(dir) === dir) break;
      continue;
    }
    esm = /** @type {{ type?: string }} */ (JSON.parse(manifest)).type === 'module';
    break;
  }
  for (const dir of visited) esmPackageDirs.set(dir, esm);
  return esm;
}

/** `import.meta` of the module, for CommonJS. */
const IMPORT_META =
  "const __importMeta = { url: require('node:url').pathToFileURL(__filename).href, dirname: __dirname, " +
  "filename: __filename, resolve: (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href };\n";

const ownSource = readFileSync(__filename);

/** @type {import('@jest/transform').SyncTransformer} */
module.exports = {
  canInstrument: false,
  getCacheKey(source, file) {
    return createHash('sha256')
      .update(ownSource)
      .update(ts.version)
      .update(file)
      .update('\0')
      .update(source)
      .digest('hex');
  },
  process(source, file) {
    if (!isEsm(file)) return { code: source };
    const commonJs =
      IMPORT_META +
      source
        // An ES module's `const require = createRequire(import.meta.url)` is CommonJS's own require.
        .replace(/^(?:const|let|var)\s+require\s*=\s*(?:\w+\.)?createRequire\(import\.meta\.url\);?$/gm, '')
        .replace(/\bimport\.meta\b/g, '__importMeta');
    const { outputText } = ts.transpileModule(commonJs, {
      // TypeScript emits a `.mjs` file as an ES module whatever `module` says: named as `.js`, it is converted.
      fileName: file.replace(/\.mjs$/, '.js'),
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2023,
        esModuleInterop: true,
        allowJs: true,
        inlineSourceMap: true,
      },
    });
    return { code: outputText };
  },
};
