import { cpSync } from 'node:fs';
import { join } from 'node:path';

// tsc compiles the factories; the collection, the schemas and the templates they read at run time are
// copied beside them, so that dist/ is the whole collection (package.json's "schematics").
const source = join(__dirname, 'src');
cpSync(source, join(__dirname, 'dist'), {
  recursive: true,
  filter: (path) => !/\.ts$/.test(path),
});
