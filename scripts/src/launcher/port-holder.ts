import fs from 'node:fs';

const LISTEN = '0A';

/**
 * Which process listens on a TCP port, read from Linux's /proc (the socket's inode in /proc/net/tcp*, then the
 * process holding that inode among its file descriptors): `pid 123: node dist/apps/catalog/...`. Undefined where
 * /proc is missing (macOS) or the holder belongs to a user we cannot inspect.
 */
export function portHolder(port: number, proc = '/proc'): string | undefined {
  try {
    const inodes = listeningInodes(port, proc);
    if (inodes.size === 0) return undefined;
    for (const pid of fs.readdirSync(proc).filter((name) => /^\d+$/.test(name))) {
      if (holdsOneOf(`${proc}/${pid}/fd`, inodes)) return `pid ${pid}: ${commandOf(`${proc}/${pid}`)}`;
    }
  } catch {
    // Not Linux, or /proc not readable: the caller names the port's expected owner instead.
  }
  return undefined;
}

function listeningInodes(port: number, proc: string): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['net/tcp', 'net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(`${proc}/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      if (fields[1].split(':')[1] === hexPort) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function holdsOneOf(fdDir: string, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = fs.readdirSync(fdDir);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`${fdDir}/${fd}`));
      return match !== null && inodes.has(match[1]);
    } catch {
      return false;
    }
  });
}

function commandOf(processDir: string): string {
  try {
    const command = fs.readFileSync(`${processDir}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return command.length > 160 ? `${command.slice(0, 157)}...` : command;
  } catch {
    return '(command unknown)';
  }
}
