import { LaunchArgsError, parseLaunchArgs } from './launch-args';

/** The message parseLaunchArgs refuses `argv` with; fails when it accepts it or throws anything else. */
function refusal(argv: string[]): string {
  try {
    parseLaunchArgs(argv);
  } catch (error) {
    if (error instanceof LaunchArgsError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be refused`);
}

describe("the launcher's arguments", () => {
  it('default to one instance of each service, on the embedded profile', () => {
    expect(parseLaunchArgs([])).toEqual({ scale: new Map(), profile: 'embedded' });
  });

  it('take --profile production, separate or inline, with --scale', () => {
    expect(parseLaunchArgs(['--profile', 'production']).profile).toBe('production');
    const args = parseLaunchArgs(['--scale', 'catalog=2', '--profile=production']);
    expect(args.profile).toBe('production');
    expect(Object.fromEntries(args.scale)).toEqual({ catalog: 2 });
  });

  it('refuse an unknown or repeated --profile', () => {
    expect(refusal(['--profile', 'staging'])).toBe('--profile staging: expected one of embedded, production');
    expect(refusal(['--profile'])).toBe('--profile needs a value: embedded or production');
    expect(refusal(['--profile', 'production', '--profile', 'embedded'])).toBe('--profile is given twice');
  });

  it('take --scale as a separate value, inline, as a comma list, and repeated', () => {
    const { scale } = parseLaunchArgs([
      '--scale',
      'catalog=3',
      '--scale=inventory=2',
      '--scale',
      'orders=2,identity=8,payments=1',
    ]);
    expect(Object.fromEntries(scale)).toEqual({
      catalog: 3,
      inventory: 2,
      orders: 2,
      identity: 8,
      payments: 1,
    });
  });

  it.each([
    [['--scale', 'catlog=2'], '--scale catlog=2: unknown service "catlog" (scalable: identity, catalog,'],
    [['--scale', 'catalog=0'], '--scale catalog=0: the number of instances must be an integer from 1 to 8'],
    [['--scale', 'catalog=9'], '--scale catalog=9: the number of instances must be an integer from 1 to 8'],
    [['--scale', 'catalog=1.5'], 'the number of instances must be an integer from 1 to 8'],
    [['--scale', 'catalog=-1'], 'the number of instances must be an integer from 1 to 8'],
    [['--scale', 'catalog='], 'the number of instances must be an integer from 1 to 8'],
    [['--scale', 'catalog'], '--scale catalog: expected <service>=<n>'],
    [['--scale'], '--scale needs <service>=<n>'],
    [['--scale', 'gateway=2'], '--scale gateway=2: refused, the gateway is the single public entry'],
    [['--scale', 'psp-sandbox=2'], '--scale psp-sandbox=2: refused, psp-sandbox plays an outside company'],
    [['--scale', 'catalog=2', '--scale', 'catalog=3'], '--scale catalog=3: catalog is scaled twice'],
    [['--scael', 'catalog=2'], 'unknown argument "--scael"; usage: npm start [-- --scale <service>=<n>'],
    // Only own properties of the service table are services.
    [['--scale', 'constructor=2'], 'unknown service "constructor"'],
  ])('refuse %j with one line naming the value', (argv, message) => {
    const text = refusal(argv);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });
});
