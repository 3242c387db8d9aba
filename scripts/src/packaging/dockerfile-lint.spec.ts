import fs from 'node:fs';
import path from 'node:path';
import { DockerfileRule, lintDockerfile } from './dockerfile-lint';
import { ROOT } from './repo-files';

/** A Dockerfile that passes every rule; each case below breaks one thing in it. */
const GOOD = [
  'ARG APP=web',
  'FROM node:24.22.3-bookworm-slim AS base',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci --omit=dev',
  'USER node',
  'HEALTHCHECK CMD ["node", "health.js"]',
  'FROM base AS app-web',
  'CMD ["node", "web.js"]',
  'FROM base AS app-worker',
  'CMD ["node", "worker.js"]',
  'FROM app-${APP}',
].join('\n');

function rules(dockerfile: string): Array<{ rule: DockerfileRule; line: number }> {
  return lintDockerfile(dockerfile).map(({ rule, line }) => ({ rule, line }));
}

describe('lintDockerfile', () => {
  it('passes docker/Dockerfile', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8');
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('passes the reference Dockerfile', () => {
    expect(lintDockerfile(GOOD)).toEqual([]);
  });

  it.each<[string, string, string, DockerfileRule, number]>([
    [
      'an unpinned base image',
      'FROM node:24.22.3-bookworm-slim AS base',
      'FROM node AS base',
      'base-image-pinned',
      2,
    ],
    [
      'the latest tag',
      'FROM node:24.22.3-bookworm-slim AS base',
      'FROM node:latest AS base',
      'no-latest-tag',
      2,
    ],
    ['a relative WORKDIR', 'WORKDIR /app', 'WORKDIR app', 'absolute-workdir', 3],
    ['npm install', 'RUN npm ci --omit=dev', 'RUN npm install --omit=dev', 'npm-ci', 5],
    ['ADD of local files', 'COPY package.json', 'ADD package.json', 'no-add-for-local-files', 4],
    ['a shell-form CMD', 'CMD ["node", "web.js"]', 'CMD node web.js', 'exec-form', 9],
    ['a shell-form ENTRYPOINT', 'CMD ["node", "web.js"]', 'ENTRYPOINT node web.js', 'exec-form', 9],
    ['root as the last user', 'USER node', 'USER root', 'non-root-user', 6],
  ])('finds %s', (_, from, to, rule, line) => {
    expect(rules(GOOD.replace(from, to))).toEqual([{ rule, line }]);
  });

  it('follows the final stage to every stage its FROM can name: one app stage back to root is found', () => {
    const found = rules(GOOD.replace('CMD ["node", "worker.js"]', 'USER root\nCMD ["node", "worker.js"]'));
    expect(found).toEqual([{ rule: 'non-root-user', line: 11 }]);
  });

  it('finds an image without a user or a health check, unless a comment says why it has none', () => {
    const bare = GOOD.replace('USER node\n', '').replace('HEALTHCHECK CMD ["node", "health.js"]\n', '');
    expect(rules(bare)).toEqual([
      { rule: 'non-root-user', line: 6 },
      { rule: 'healthcheck', line: 6 },
      { rule: 'non-root-user', line: 8 },
      { rule: 'healthcheck', line: 8 },
    ]);
    const explained = `# no HEALTHCHECK: the orchestrator probes /health/live\n${bare.replace('WORKDIR /app', 'WORKDIR /app\nUSER 1000')}`;
    expect(rules(explained)).toEqual([]);
  });

  it('accepts ADD for URLs and archives, and a pinned digest without a tag', () => {
    const remote = GOOD.replace(
      'COPY package.json package-lock.json ./',
      'ADD https://example.com/a.tgz /opt/\nADD vendor.tar.gz /opt/\nCOPY package.json package-lock.json ./',
    ).replace(':24.22.3-bookworm-slim', `@sha256:${'a'.repeat(64)}`);
    expect(rules(remote)).toEqual([]);
  });

  it('finds a FROM ${ARG} that matches no stage (an unknown image, so its user and health check are too)', () => {
    expect(rules(GOOD.replace('FROM app-${APP}', 'FROM img-${APP}'))).toEqual([
      { rule: 'base-image-pinned', line: 12 },
      { rule: 'non-root-user', line: 12 },
      { rule: 'healthcheck', line: 12 },
    ]);
  });
});
