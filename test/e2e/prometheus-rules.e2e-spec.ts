import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metricNamesIn, PROMETHEUS_DIR, ruleExpressions } from '../support/monitoring';
import { describeIf } from '../support/skip';

const PROMTOOL = process.env.PROMTOOL_PATH || 'promtool';
const promtoolFound = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' }).status === 0;

const promtool = (...args: string[]) => {
  const result = spawnSync(PROMTOOL, args, { cwd: PROMETHEUS_DIR, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
};
const ymlIn = (dir: string) =>
  fs
    .readdirSync(path.join(PROMETHEUS_DIR, dir))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => `${dir}/${name}`);
const alertsIn = (file: string) =>
  [...fs.readFileSync(path.join(PROMETHEUS_DIR, file), 'utf8').matchAll(/^\s*- alert: (\w+)$/gm)].map(
    (match) => match[1],
  );

/**
 * The alert rules of docker/prometheus/rules/ are valid and loaded by prometheus.yml, and each one's unit tests in
 * docker/prometheus/tests/ (fires when it should, stays quiet when it should not) pass under promtool. Debian's
 * promtool is built without Consul discovery, which prometheus.yml uses, so its config is checked with a static
 * target in that one's place.
 */
describeIf(promtoolFound, `no ${PROMTOOL} (apt-get install -y prometheus, or set PROMTOOL_PATH)`)(
  'the Prometheus alert rules (promtool)',
  () => {
    it('are valid rule files', () => {
      const { code, output } = promtool('check', 'rules', ...ymlIn('rules'));
      expect(output).not.toContain('FAILED');
      expect(code).toBe(0);
    });

    it('are the ones prometheus.yml loads (its Consul discovery swapped for a static target promtool knows)', () => {
      const config = fs.readFileSync(path.join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8');
      const discovery = config.indexOf('    consul_sd_configs:');
      expect(discovery).toBeGreaterThan(0);
      // Beside the real one: rule_files are relative to the config file.
      const copy = path.join(PROMETHEUS_DIR, `.static-${process.pid}.yml`);
      fs.writeFileSync(
        copy,
        `${config.slice(0, discovery)}    static_configs:\n      - targets: ['gateway:3000']\n`,
      );
      try {
        const { code, output } = promtool('check', 'config', path.basename(copy));
        expect(output).toContain(`SUCCESS: ${ymlIn('rules').length} rule files found`);
        expect(code).toBe(0);
      } finally {
        fs.rmSync(copy, { force: true });
      }
    });

    it('pass their unit tests', () => {
      const { code, output } = promtool('test', 'rules', ...ymlIn('tests'));
      expect(output).not.toContain('FAILED');
      expect(code).toBe(0);
    });

    it('has a test that fires and one that stays quiet for every alert', () => {
      const alerts = ymlIn('rules').flatMap(alertsIn);
      expect(alerts.length).toBeGreaterThanOrEqual(10);
      // Each alert_rule_test case: the alert's name, and whether it expects alerts (a list follows) or none (`[]`).
      const cases = ymlIn('tests').flatMap((file) =>
        [
          ...fs
            .readFileSync(path.join(PROMETHEUS_DIR, file), 'utf8')
            .matchAll(/alertname: (\w+)\n\s+exp_alerts:(.*)/g),
        ].map((match) => ({ alert: match[1], quiet: match[2].trim() === '[]' })),
      );
      const untested = alerts.filter(
        (alert) =>
          !cases.some((c) => c.alert === alert && c.quiet) ||
          !cases.some((c) => c.alert === alert && !c.quiet),
      );
      expect(untested).toEqual([]);
    });

    it('fails a test whose alert no longer fires (the suite can tell)', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-promtool-'));
      try {
        const rules = fs.readFileSync(path.join(PROMETHEUS_DIR, 'rules', 'resilience.yml'), 'utf8');
        fs.writeFileSync(path.join(dir, 'rules.yml'), rules.replace('== 2', '== 3'));
        const tests = fs.readFileSync(path.join(PROMETHEUS_DIR, 'tests', 'resilience.test.yml'), 'utf8');
        fs.writeFileSync(path.join(dir, 'test.yml'), tests.replace('../rules/resilience.yml', 'rules.yml'));
        const { code, output } = promtool('test', 'rules', path.join(dir, 'test.yml'));
        expect(code).toBe(1);
        expect(output).toContain('alertname: BazaarCircuitBreakerOpen');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe('the PromQL metric names the monitoring test reads', () => {
  it('are the metrics, not the functions, labels, ranges, keywords or numbers around them', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket{route!~"/health.*", service=~"$service"}[$__rate_interval]))) > 1',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(
      metricNamesIn(
        'sum(increase(saga_transitions_total{from="new"}[1h] offset 10m)) - sum without (x) (increase(saga_settle_duration_seconds_count[1h])) >= 1 and on (service) up == 0',
      ),
    ).toEqual(['saga_transitions_total', 'saga_settle_duration_seconds_count', 'up']);
  });

  it('come from every expr of the rules, block scalars included', () => {
    const rules = ruleExpressions();
    expect(rules.map((rule) => rule.expr)).toContain('up == 0');
    expect(rules.find((rule) => rule.expr.startsWith('histogram_quantile'))?.expr).toMatch(
      /rpc_handler_duration_seconds_bucket|http_request_duration_seconds_bucket/,
    );
    expect(rules.every((rule) => metricNamesIn(rule.expr).length > 0)).toBe(true);
  });
});
