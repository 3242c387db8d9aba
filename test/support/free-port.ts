import net from 'node:net';

// Below Linux's ephemeral range (32768-60999): a port picked there can be taken a moment later as the local port of
// any outgoing connection (to PostgreSQL, Redis, the broker...), and the launcher then refuses to start.
const RANGE_FIRST = 20_000;
const RANGE_LAST = 32_000;
// Each Jest worker (a process of its own, `issued` not shared) picks in a slice of its own, so two suites starting
// platforms at once never pick the same port; with more workers than slices, two share one (and rarely collide).
const SLICES = 4;
const SLICE = Math.floor((RANGE_LAST - RANGE_FIRST) / SLICES);
const slice = (Math.max(1, Number(process.env.JEST_WORKER_ID) || 1) - 1) % SLICES;
const FIRST = RANGE_FIRST + slice * SLICE;
const LAST = FIRST + SLICE;
/** Ports this process handed out already: a platform's ports must differ even before anything listens on them. */
const issued = new Set<number>();

/** A TCP port that was free a moment ago on 127.0.0.1, never one this process handed out before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (issued.has(port) || !(await canListen(port))) continue;
    issued.add(port);
    return port;
  }
  throw new Error(`no free port found between ${FIRST} and ${LAST}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
