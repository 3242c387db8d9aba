'use strict';

const { clearTimeout } = require('node:timers');

/**
 * The servers a bench started and must stop, and its Ctrl-C handling: the first Ctrl-C stops them gracefully
 * (the platform included, PostgreSQL last), a second one kills them.
 */
const session = {
  /** Everything started and not yet stopped: { name, stop(), kill() } in start order. */
  running: new Set(),
  /** The autocannon instance under way, stopped on Ctrl-C. */
  currentLoad: undefined,
  interrupted: false,
};

function progress(message) {
  process.stderr.write(`bench | ${message}\n`);
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

const stopping = new WeakMap();

/**
 * Sends `signal` once, waits for exit; SIGKILL after `timeoutMs`. Idempotent: a clean-up racing a normal stop
 * must not send the launcher a second SIGINT (that one would end it before it stopped its services).
 */
function stopChild(child, signal, timeoutMs) {
  if (!stopping.has(child)) stopping.set(child, sendAndWait(child, signal, timeoutMs));
  return stopping.get(child);
}

function sendAndWait(child, signal, timeoutMs) {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

async function stopEntry(entry) {
  await entry.stop();
  session.running.delete(entry);
}

async function cleanUp() {
  session.currentLoad?.stop();
  for (const entry of [...session.running].reverse()) await stopEntry(entry);
}

function installSignalHandlers() {
  const onSignal = (signal) => {
    if (session.interrupted) {
      for (const entry of session.running) entry.kill();
      process.exit(130);
    }
    session.interrupted = true;
    progress(`${signal}: stopping the servers (Ctrl-C again to kill them)...`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Runs a bench's main(): exit 0 when it finished, 1 (after stopping every server) when it failed. */
function runBench(name, main) {
  installSignalHandlers();
  main().then(
    () => process.exit(0),
    async (error) => {
      if (session.interrupted) return; // the signal handler cleans up and exits 130
      console.error(`bench/${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      await cleanUp();
      process.exit(1);
    },
  );
}

module.exports = { session, progress, stopChild, stopEntry, runBench };
