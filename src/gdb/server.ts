// The TCP side of the gdb stub: listens on the loopback interface only and
// serves one debugger; further connections are refused while one is attached.
// The machine stays stopped until the debugger lets it run.

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { GdbStub, type SessionEnd } from './stub.js';
import type { DebugTarget } from './target.js';

export interface GdbServerOptions {
  /** Called after each slice of running (console output). */
  afterSlice?(): void;
  /** Scheduling rounds between checks for Ctrl-C. */
  sliceRounds?: number;
}

export class GdbServer {
  /** Ends when the debugger detaches, kills, or the guest run ends. */
  readonly session: Promise<SessionEnd>;
  private resolveSession!: (e: SessionEnd) => void;
  private rejectSession!: (e: unknown) => void;
  private socket: Socket | null = null;
  private stub: GdbStub | null = null;
  private done = false;

  private constructor(private readonly server: Server, private readonly target: DebugTarget,
    private readonly opts: GdbServerOptions) {
    this.session = new Promise<SessionEnd>((res, rej) => { this.resolveSession = res; this.rejectSession = rej; });
    server.on('connection', (s) => this.accept(s));
  }

  /** Listens on 127.0.0.1:port (0: any free port; see `port`). */
  static listen(target: DebugTarget, port: number, opts: GdbServerOptions = {}): Promise<GdbServer> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      const gdb = new GdbServer(server, target, opts);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(gdb);
      });
    });
  }

  get port(): number { return (this.server.address() as AddressInfo).port; }

  private accept(socket: Socket): void {
    if (this.stub !== null || this.done) { socket.destroy(); return; }
    socket.setNoDelay(true);
    this.socket = socket;
    const stub = new GdbStub(this.target, {
      send: (b) => { if (!socket.destroyed) socket.write(b); },
      afterSlice: this.opts.afterSlice,
      sliceRounds: this.opts.sliceRounds,
    });
    this.stub = stub;
    socket.on('data', (d) => stub.receive(d));
    socket.on('error', () => { /* seen as close */ });
    socket.on('close', () => stub.connectionClosed());
    stub.done.then((end) => this.end(end), (e) => { this.shutdown(); this.rejectSession(e); });
  }

  private end(e: SessionEnd): void {
    this.shutdown();
    this.resolveSession(e);
  }

  /** Lets the last reply go out, then closes the connection and stops listening. */
  private shutdown(): void {
    if (this.done) return;
    this.done = true;
    const socket = this.socket;
    if (socket !== null) {
      socket.end();
      // A debugger that keeps its end open must not keep the process alive.
      setTimeout(() => socket.destroy(), 1000).unref();
    }
    this.server.close();
  }

  /** Gives up (host shutdown): the debugger is dropped and the machine left to run on. */
  close(): void {
    if (this.stub !== null) {
      this.stub.connectionClosed();
      this.socket?.destroy();
    } else this.end({ kind: 'detached' });
  }
}
