import { JsonSocket } from '@nestjs/microservices';
import type { Socket } from 'node:net';

// Overrides JsonSocket.handleSend: docs/adr/0002-nest-tcp-transport-overrides.md
/**
 * Nest's JSON framing over TCP, with the messages written in one turn of the event loop sent together: the first
 * write corks the socket and the check phase (after every ready socket of that turn was read) uncorks it, so a
 * burst of concurrent RPCs or replies becomes one `writev` instead of one system call each. On loopback a send
 * also runs the receiver's TCP stack and wakes it, which makes a call per message the largest single cost of a
 * small RPC. A lone message goes out in the same turn, so nothing waits on a timer.
 */
export class CoalescingJsonSocket extends JsonSocket {
  private corked = false;

  constructor(socket: Socket) {
    super(socket);
    socket.setNoDelay(true);
  }

  protected override handleSend(message: unknown, callback?: (error?: unknown) => void): void {
    if (!this.corked) {
      this.corked = true;
      this.netSocket.cork();
      setImmediate(() => {
        this.corked = false;
        this.netSocket.uncork();
      });
    }
    super.handleSend(message, callback);
  }
}
