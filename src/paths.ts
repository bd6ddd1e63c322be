/**
 * Where the tool's own files are (drizzle/, modules/, views/, locales/, public/), whether it
 * runs from src/ with tsx or from dist/src/ after a build: the nearest folder with package.json.
 */
import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export function projectPaths(root = findRoot(__dirname)) {
  return {
    root,
    migrations: path.join(root, 'drizzle'),
    modules: path.join(root, 'modules'),
    views: path.join(root, 'views'),
    locales: path.join(root, 'locales'),
    public: path.join(root, 'public'),
  };
}
export type ProjectPaths = ReturnType<typeof projectPaths>;
