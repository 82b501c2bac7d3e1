// The keeper of a private Redis: a small child of the profiler that starts redis-server and ends it
// with the profiler. It is forked with an IPC channel, which the OS closes however the profiler ends
// (a cancel, a crash, a SIGKILL of the extension host): on 'disconnect' the keeper kills its Redis
// and removes the private folder, so no server and no socket outlive the run.
// argv: [binary, folder]. Imports only node built-ins.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const [binary, dir] = process.argv.slice(2);
const socket = join(dir, 'redis.sock');
// No persistence (nothing written to disk but the socket), a socket only its owner may open.
const server = spawn(binary, ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
const keep = (text: Buffer): void => {
  log = (log + text.toString('utf8')).slice(-4000);
};
server.stdout?.on('data', keep);
server.stderr?.on('data', keep);

let ended = false;
function end(code: number): void {
  if (ended) return;
  ended = true;
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Nothing more this process can do; the folder is private and empty but for the socket.
  }
  process.exit(code);
}

server.once('error', (err) => {
  process.send?.({ kind: 'failed', message: `${binary} did not start: ${err.message}` });
  end(1);
});
server.once('exit', (code, signal) => {
  if (!ended) process.send?.({ kind: 'failed', message: `${binary} exited (${code ?? signal}) before the run ended: ${log.trim().split('\n').slice(-3).join(' / ')}` });
  end(1);
});
process.on('disconnect', () => end(0));
process.on('message', (m: { kind?: string }) => {
  if (m?.kind === 'stop') end(0);
});

// The socket appears once the server accepts connections.
const began = performance.now();
const poll = setInterval(() => {
  if (existsSync(socket)) {
    clearInterval(poll);
    process.send?.({ kind: 'ready', socket, pid: server.pid, log: log.slice(0, 2000) });
  } else if (performance.now() - began > 10_000) {
    clearInterval(poll);
    process.send?.({ kind: 'failed', message: `${binary} did not open its socket within 10 s: ${log.trim().split('\n').slice(-3).join(' / ')}` });
    end(1);
  }
}, 10);
