import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
export const PROMETHEUS_DIR = path.join(ROOT, 'docker', 'prometheus');
export const DASHBOARDS_DIR = path.join(ROOT, 'docker', 'grafana', 'dashboards');

/** One PromQL expression and where it is written. */
export interface Expression {
  source: string;
  expr: string;
}

/** Series Prometheus makes itself for every target, not a service's `/metrics`. */
export const SCRAPE_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** PromQL words that look like metric names: aggregations, their modifiers, binary operators. */
const KEYWORDS = new Set([
  ...['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk'],
  ...['quantile', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool'],
  ...['and', 'or', 'unless', 'atan2', 'inf', 'nan'],
]);

/**
 * The metric names an expression reads: string literals, label matchers, ranges, `by (...)`-style label lists and
 * Grafana variables are removed, then every remaining identifier that is not a function call or a keyword.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    // String literals (matcher values, label_replace arguments); none of ours holds an escaped quote.
    .replace(/"[^"]*"|'[^']*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.])[a-zA-Z_:][\w:]*/g)) {
    const [name] = match;
    const call = stripped
      .slice(match.index + name.length)
      .trimStart()
      .startsWith('(');
    if (!call && !KEYWORDS.has(name)) names.add(name);
  }
  return [...names];
}

/** Every alert and recording rule's `expr` in docker/prometheus/rules/ (block scalars included). */
export function ruleExpressions(): Expression[] {
  const dir = path.join(PROMETHEUS_DIR, 'rules');
  const found: Expression[] = [];
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.yml'))) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      const match = /^(\s*)expr:\s*(.*)$/.exec(line);
      if (!match) return;
      const [, indent, rest] = match;
      let expr = rest;
      if (/^[|>][-+]?$/.test(rest)) {
        const body: string[] = [];
        for (const next of lines.slice(index + 1)) {
          if (next.trim() !== '' && next.search(/\S/) <= indent.length) break;
          body.push(next.trim());
        }
        expr = body.join(' ');
      }
      found.push({ source: `rules/${file}:${index + 1}`, expr: expr.trim() });
    });
  }
  return found;
}

interface Panel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}
interface Dashboard {
  title: string;
  panels: Panel[];
  templating?: { list: Array<{ name: string; query?: string | { query?: string } }> };
}

/** Every query of the Grafana dashboards: panel targets, and the metric of each `label_values(metric, label)`. */
export function dashboardExpressions(): Expression[] {
  const found: Expression[] = [];
  for (const file of fs.readdirSync(DASHBOARDS_DIR).filter((name) => name.endsWith('.json'))) {
    const board = JSON.parse(fs.readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard;
    const visit = (panels: Panel[]) => {
      for (const panel of panels) {
        for (const target of panel.targets ?? [])
          if (target.expr) found.push({ source: `${file}: ${panel.title}`, expr: target.expr });
        visit(panel.panels ?? []);
      }
    };
    visit(board.panels);
    for (const variable of board.templating?.list ?? []) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
      const labelValues = query && /^label_values\(\s*(.*?)\s*,\s*\w+\s*\)$/.exec(query);
      if (labelValues) found.push({ source: `${file}: $${variable.name}`, expr: labelValues[1] });
    }
  }
  return found;
}

const FAMILY_SUFFIXES: Record<string, string[] | undefined> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

/**
 * The metric families a `/metrics` text declares (`# HELP` / `# TYPE`, series or not), with the series names a
 * histogram or summary family adds (`_bucket`, `_sum`, `_count`).
 */
export function declaredMetrics(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      const [, keyword, name, type] = line.split(' ');
      names.add(name);
      if (keyword === 'TYPE') for (const suffix of FAMILY_SUFFIXES[type] ?? []) names.add(`${name}${suffix}`);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]);
  }
  return names;
}
