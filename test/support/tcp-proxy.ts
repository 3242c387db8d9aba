import net from 'node:net';
import { Transform } from 'node:stream';

/**
 * A TCP proxy in front of a broker or database, to cut it off and bring it back in a test: `down()` closes the
 * listener and destroys every open connection (as a crash or a network partition would), `up()` listens again
 * on the same port. `hold()` keeps what clients send from reaching the target (a slow downstream) until
 * `release()`.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** While held: the chunks clients sent, each with the callback that lets it through. */
  private held: Array<() => void> | undefined;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, target);
    await proxy.up();
    return proxy;
  }

  up(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      const gate = new Transform({
        transform: (chunk: Buffer, _encoding, pass) => {
          if (this.held) this.held.push(() => pass(null, chunk));
          else pass(null, chunk);
        },
      });
      client.pipe(gate).pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        (this as { port: number }).port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  /** From now on, what clients send waits in the proxy. */
  hold(): void {
    this.held ??= [];
  }

  /** How many chunks are waiting: a request reached the proxy while it was held. */
  get heldChunks(): number {
    return this.held?.length ?? 0;
  }

  /** Lets everything held through, in order, and stops holding. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const pass of held) pass();
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
