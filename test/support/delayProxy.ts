// A TCP proxy that holds every chunk for a fixed time in each direction: network latency for the
// queue mode's remote workers where the kernel has no netem (NOTES: `tc ... netem` is unknown here).
// Chunks keep their order (equal timers fire in the order they were set).
import * as net from 'node:net';

export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

export function startDelayProxy(o: { host?: string; targetHost: string; targetPort: number; delayMs: number }): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  /** Writes `from`'s chunks to `to` after the delay; ends `to` after the last chunk once `from` ends. */
  const pipeLater = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), o.delayMs));
    from.on('end', () => setTimeout(() => to.end(), o.delayMs));
    from.on('close', () => setTimeout(() => to.destroy(), o.delayMs));
  };
  const server = net.createServer((client) => {
    track(client);
    const upstream = net.connect(o.targetPort, o.targetHost);
    track(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pipeLater(client, upstream);
    pipeLater(upstream, client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, o.host ?? '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
