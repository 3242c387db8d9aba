'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

// Below Linux's ephemeral range (32768-60999): a port picked there can be taken a moment later as the local port of
// an outgoing connection, and the launcher then refuses to start. Ports handed out once are never handed out again.
const issued = new Set();

/** A TCP port that was free a moment ago on 127.0.0.1, never one this process handed out before. */
async function freePort() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (issued.has(port) || !(await canListen(port))) continue;
    issued.add(port);
    return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** VmRSS of a process in MB, from /proc. */
function rssMb(pid) {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Math.round(Number(/\d+/.exec(line)[0]) / 1024);
  } catch {
    return NaN;
  }
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** { ppid, ticks }: parent and user + system CPU time (clock ticks) of a process, from /proc/<pid>/stat. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** Every live descendant of `root`, not descending into `except`. */
function descendants(root, except = []) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(name);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(name)]);
  }
  const found = [];
  const visit = (pid) => {
    for (const child of children.get(pid) ?? []) {
      if (except.includes(child)) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** CPU time of named groups of processes, per process: { name: [pid...] } -> { name: { pid: ticks } }. */
function cpuTicks(groups) {
  const ticks = {};
  for (const [name, pids] of Object.entries(groups)) {
    ticks[name] = Object.fromEntries(pids.map((pid) => [pid, procStat(pid)?.ticks]));
  }
  return ticks;
}

/**
 * The CPU ticks each group used between two `cpuTicks` readings. A process that exited in between (a database
 * backend whose idle connection closed) is counted for nothing rather than for minus what it had used before.
 */
function ticksBetween(before, after) {
  const used = {};
  for (const [name, pids] of Object.entries(before)) {
    used[name] = Object.entries(pids).reduce((sum, [pid, start]) => {
      const end = after[name]?.[pid];
      return start === undefined || end === undefined ? sum : sum + Math.max(0, end - start);
    }, 0);
  }
  return used;
}

/** Proportional set size of a process in MB (shared pages split between their users), from /proc. */
function pssMb(pid) {
  try {
    const match = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return Math.round(Number(match[1]) / 1024);
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN once it is gone. */
function cpuSeconds(pid) {
  const stat = procStat(pid);
  return stat ? stat.ticks / CLK_TCK : NaN;
}

/** A running process's whole environment, from /proc. */
function environOf(pid) {
  return Object.fromEntries(
    fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

/** One variable of a running process's environment, from /proc (e.g. the database URL the launcher gave it). */
function envOf(pid, name) {
  return environOf(pid)[name];
}

module.exports = {
  freePort,
  rssMb,
  pssMb,
  envOf,
  environOf,
  CLK_TCK,
  cpuSeconds,
  descendants,
  cpuTicks,
  ticksBetween,
};
