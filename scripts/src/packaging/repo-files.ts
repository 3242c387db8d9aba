import fs from 'node:fs';
import path from 'node:path';

/** The repository root, from scripts/src/packaging. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Every service of the monorepo: the folders of apps/ that nest-cli.json builds as applications. The web app
 * (apps/web, static files the gateway serves) is not one: it has no image, Deployment or port of its own.
 */
export function appNames(): string[] {
  const nestCli = JSON.parse(fs.readFileSync(path.join(ROOT, 'nest-cli.json'), 'utf8')) as {
    projects: Record<string, { type: string }>;
  };
  return fs
    .readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && nestCli.projects[entry.name]?.type === 'application')
    .map((entry) => entry.name)
    .sort();
}
