import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface CommandResult {
  code: number | null;
  /** stdout and stderr as they came, without colours. */
  output: string;
}

/**
 * Build output of this checkout the copy starts from, modification times kept: `dist/` and the Prisma clients
 * (`apps/<service>/src/generated/`, ignored by git). run.js rebuilds or regenerates by those times, so whatever
 * is stale here is made again in the copy and whatever is current is not made twice.
 */
const BUILD_OUTPUT = (): string[] => [
  'dist',
  ...fs
    .readdirSync(path.join(ROOT, 'apps'))
    .map((app) => path.join('apps', app, 'src', 'generated'))
    .filter((dir) => fs.existsSync(path.join(ROOT, dir)) && !isTracked(dir)),
];

/**
 * A throwaway copy of this checkout (its tracked files and new ones not ignored, symbolic links as links,
 * modification times kept, and its build output: see BUILD_OUTPUT) with this checkout's node_modules linked in,
 * to generate services into and run commands in without touching the real one.
 */
export class RepositoryCopy {
  private constructor(readonly root: string) {}

  static create(): RepositoryCopy {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-generator-'));
    // Read by the embedded PostgreSQL's own user when it runs as root.
    fs.chmodSync(root, 0o755);
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    for (const file of new Set(listed.split('\0').filter(Boolean))) copyEntry(file, root);
    for (const dir of BUILD_OUTPUT()) {
      if (!fs.existsSync(path.join(ROOT, dir))) continue;
      fs.cpSync(path.join(ROOT, dir), path.join(root, dir), {
        recursive: true,
        preserveTimestamps: true,
        verbatimSymlinks: true,
      });
    }
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(root, 'node_modules'));
    return new RepositoryCopy(root);
  }

  path(...segments: string[]): string {
    return path.join(this.root, ...segments);
  }

  isLink(file: string): boolean {
    return fs.lstatSync(this.path(file)).isSymbolicLink();
  }

  read(file: string): string {
    return fs.readFileSync(this.path(file), 'utf8');
  }

  /**
   * Every file and link of the copy, with what tells a change (size, time, link target); not node_modules, nor
   * dist/ (build output).
   */
  snapshot(): Map<string, string> {
    const entries = new Map<string, string>();
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(this.path(dir), { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (file === 'node_modules' || file === 'dist') continue;
        if (entry.isDirectory()) {
          visit(file);
          continue;
        }
        const stat = fs.lstatSync(this.path(file));
        const link = entry.isSymbolicLink() ? fs.readlinkSync(this.path(file)) : '';
        entries.set(file, `${stat.size} ${stat.mtimeMs} ${link}`);
      }
    };
    visit('');
    return entries;
  }

  /**
   * Runs a command in the copy; resolves with its exit code and output, whatever the code. The databases and the bus
   * of this process's environment are not passed on (the embedded profile, unless `env` names them); the test
   * suites' own (TEST_DATABASE_URL, TEST_RABBITMQ_URL) are.
   */
  run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(?!TEST_)\w+_DATABASE_URL$|^RABBITMQ_URL$|^EVENT_BUS$/.test(name),
      ),
    );
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: this.root,
        // Not a terminal: no prompts, no colours.
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...inherited, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      // eslint-disable-next-line no-control-regex
      child.once('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
    });
  }

  /** Runs a command that must succeed; a failure fails the test with its output. */
  async check(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const result = await this.run(command, args, env);
    if (result.code !== 0) {
      throw new Error(`\`${[command, ...args].join(' ')}\` exited with ${result.code}:\n${result.output}`);
    }
    return result.output;
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function isTracked(dir: string): boolean {
  return execFileSync('git', ['ls-files', '--', dir], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
}

function copyEntry(file: string, root: string): void {
  const source = path.join(ROOT, file);
  const target = path.join(root, file);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(source);
  } catch {
    return; // tracked, but deleted in this checkout
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(source), target);
    return;
  }
  fs.copyFileSync(source, target);
  // run.js installs, generates and builds by modification times: the copy must be as old as the original.
  fs.utimesSync(target, stat.atime, stat.mtime);
}
