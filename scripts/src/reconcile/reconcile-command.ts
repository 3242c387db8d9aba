import { envPrefix, SERVICES } from '../../../libs/contracts/src/services';
import { portFromEnv } from '../../../libs/platform/src/rpc/port-from-env';
import { resolveDatabases } from '../databases';
import { reconcile, ReconcileReport } from './reconcile';
import { gatherFacts } from './reconcile-facts';

const USAGE = `usage: reconcile [--grace-s <seconds>] [--json]
  Checks every order against inventory and the payment provider's ledger; exits 1 on any finding.
  --grace-s   orders not finished yet are reported as stuck once idle this long (default 300)
  --json      print the report as JSON`;

/**
 * `npm run reconcile`: orders, inventory and the provider's ledger agree (see reconcile.ts for the rules). Reads
 * the databases the platform uses (the URLs, or the embedded PostgreSQL of BAZAAR_HOME, attached to while it runs)
 * and the provider at PAYMENTS_PROVIDER_URL (the psp-sandbox's address by default).
 */
export async function reconcileCommand(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (!options) {
    console.error(USAGE);
    return 2;
  }
  const log = (message: string) => console.error(`[reconcile] ${message}`);
  const { urls, server } = await resolveDatabases(log);
  try {
    const providerUrl =
      process.env.PAYMENTS_PROVIDER_URL ??
      `http://127.0.0.1:${portFromEnv(process.env, `${envPrefix('psp-sandbox')}_HTTP_PORT`, SERVICES['psp-sandbox'].httpPort)}`;
    const facts = await gatherFacts({
      ordersDatabaseUrl: urls.orders,
      inventoryDatabaseUrl: urls.inventory,
      providerUrl,
    });
    const report = reconcile(facts, new Date(), options.graceS * 1000);
    console.log(options.json ? JSON.stringify(report, null, 2) : describe(report, facts.orders.length));
    return report.findings.length === 0 ? 0 : 1;
  } finally {
    await server?.stop();
  }
}

function parseArgs(args: string[]): { graceS: number; json: boolean } | undefined {
  const options = { graceS: 300, json: false };
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--json') options.json = true;
    else if (args[i] === '--grace-s' && /^\d+$/.test(args[i + 1] ?? '')) options.graceS = Number(args[++i]);
    else return undefined;
  }
  return options;
}

function describe(report: ReconcileReport, orders: number): string {
  const byStatus = Object.entries(report.statuses)
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  const lines = [
    `${orders} orders${byStatus ? ` (${byStatus})` : ''}; ${report.inFlight} in flight, not checked`,
    ...report.findings.map(
      (finding) => `  ${finding.kind.padEnd(12)} ${finding.subject}: ${finding.message}`,
    ),
    report.findings.length === 0 ? 'reconciled: no findings' : `${report.findings.length} findings`,
  ];
  return lines.join('\n');
}
