import { SERVICES, ServiceName } from '../../../libs/contracts/src/services';

/** More would not fit a developer machine, and nothing this launcher shows needs them. */
export const MAX_INSTANCES = 8;

/**
 * Services `--scale` refuses, and why: each is the single instance of something that, run twice, would no
 * longer be what it stands for.
 */
const UNSCALABLE: Partial<Record<ServiceName, string>> = {
  gateway:
    'the gateway is the single public entry; several need a load balancer in front of them, which the launcher does not run',
  'psp-sandbox':
    'psp-sandbox plays an outside company (the payment provider); its instances are not ours to run',
};

/** The profiles the launcher starts: its own embedded servers, or the machine's (production-profile.ts). */
export const PROFILES = ['embedded', 'production'] as const;
export type Profile = (typeof PROFILES)[number];

/**
 * What `npm start -- <args>` asked for: how many instances of each service (1 unless `--scale` says more), and
 * the profile (`embedded` unless `--profile production`).
 */
export interface LaunchArgs {
  scale: Map<ServiceName, number>;
  profile: Profile;
}

/** A bad command line: its message is one line, printed as it is, and the launcher exits with code 2. */
export class LaunchArgsError extends Error {}

export const LAUNCH_USAGE =
  'usage: npm start [-- --scale <service>=<n>[,<service>=<n>...] ... --profile embedded|production]';

/**
 * Parses the launcher's arguments: `--scale catalog=3`, `--scale=catalog=3`, `--scale catalog=3,inventory=2`,
 * repeatable; `--profile production` (or `--profile=production`), once. Throws a LaunchArgsError naming the
 * first bad value.
 */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const scale = new Map<ServiceName, number>();
  let profile: Profile | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--profile' || arg.startsWith('--profile=')) {
      const named = arg === '--profile' ? argv[++index] : arg.slice('--profile='.length);
      if (profile !== undefined) throw new LaunchArgsError('--profile is given twice');
      if (!named) throw new LaunchArgsError(`--profile needs a value: ${PROFILES.join(' or ')}`);
      if (!PROFILES.includes(named as Profile)) {
        throw new LaunchArgsError(`--profile ${named}: expected one of ${PROFILES.join(', ')}`);
      }
      profile = named as Profile;
      continue;
    }
    let value: string | undefined;
    if (arg === '--scale') value = argv[++index];
    else if (arg.startsWith('--scale=')) value = arg.slice('--scale='.length);
    else throw new LaunchArgsError(`unknown argument "${arg}"; ${LAUNCH_USAGE}`);
    if (value === undefined || value === '') {
      throw new LaunchArgsError(`--scale needs <service>=<n>, e.g. --scale catalog=3`);
    }
    for (const item of value.split(',')) {
      const [service, count] = parseScaleItem(item);
      if (scale.has(service)) throw new LaunchArgsError(`--scale ${item}: ${service} is scaled twice`);
      scale.set(service, count);
    }
  }
  return { scale, profile: profile ?? 'embedded' };
}

function parseScaleItem(item: string): [ServiceName, number] {
  const match = /^([^=]+)=(.*)$/.exec(item.trim());
  if (!match) throw new LaunchArgsError(`--scale ${item}: expected <service>=<n>, e.g. catalog=3`);
  const [, name, countText] = match;
  if (!Object.hasOwn(SERVICES, name)) {
    const scalable = Object.keys(SERVICES).filter((service) => !(service in UNSCALABLE));
    throw new LaunchArgsError(
      `--scale ${item}: unknown service "${name}" (scalable: ${scalable.join(', ')})`,
    );
  }
  const service = name as ServiceName;
  const reason = UNSCALABLE[service];
  if (reason !== undefined) throw new LaunchArgsError(`--scale ${item}: refused, ${reason}`);
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || count < 1 || count > MAX_INSTANCES) {
    throw new LaunchArgsError(
      `--scale ${item}: the number of instances must be an integer from 1 to ${MAX_INSTANCES}`,
    );
  }
  return [service, count];
}
