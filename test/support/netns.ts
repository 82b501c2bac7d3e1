// Network namespaces with their own addresses, so processes on one machine reach a server as other
// machines would: each namespace gets a veth pair, its end 10.A.B.2/30 inside, the host's end
// 10.A.B.1/30 outside. Needs root and `ip`; `namespacesUnavailable()` says why not where they cannot
// be made. Names carry this process's pid, so two test runs on one machine do not collide.
import { execFileSync } from 'node:child_process';

export interface Namespace {
  name: string;
  /** The host's end: what a process inside reaches the host's server at. */
  hostAddress: string;
  /** The namespace's own address. */
  address: string;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });

/** Why namespaces cannot be made here, or undefined when they can (one is made and removed to find out). */
export function namespacesUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'making network namespaces needs root (CI runs as root)';
  const probe = `ppprobe${process.pid % 100000}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return undefined;
  } catch (err) {
    return `ip netns add failed: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`;
  }
}

/** Makes `count` namespaces, each with a veth pair to the host. Removes what it made if one step fails. */
export function makeNamespaces(count: number): { namespaces: Namespace[]; remove(): void } {
  const tag = process.pid % 100000;
  const a = 200 + (process.pid % 50);
  const b = Math.floor(process.pid / 50) % 64;
  const made: Namespace[] = [];
  const remove = () => {
    for (const ns of made) {
      try {
        ip('link', 'del', `pph${tag}${ns.name.slice(-1)}`);
      } catch {
        // gone with its namespace
      }
      try {
        ip('netns', 'del', ns.name);
      } catch {
        // already removed
      }
    }
    made.length = 0;
  };
  try {
    for (let k = 0; k < count; k++) {
      const letter = String.fromCharCode(97 + k);
      const name = `pp${tag}${letter}`;
      const host = `pph${tag}${letter}`;
      const inner = `ppn${tag}${letter}`;
      const base = `10.${a}.${b}.${k * 4}`;
      const hostAddress = base.replace(/\.\d+$/, `.${k * 4 + 1}`);
      const address = base.replace(/\.\d+$/, `.${k * 4 + 2}`);
      ip('netns', 'add', name);
      made.push({ name, hostAddress, address });
      ip('link', 'add', host, 'type', 'veth', 'peer', 'name', inner);
      ip('link', 'set', inner, 'netns', name);
      ip('addr', 'add', `${hostAddress}/30`, 'dev', host);
      ip('link', 'set', host, 'up');
      ip('-n', name, 'addr', 'add', `${address}/30`, 'dev', inner);
      ip('-n', name, 'link', 'set', inner, 'up');
      ip('-n', name, 'link', 'set', 'lo', 'up');
    }
  } catch (err) {
    remove();
    throw err;
  }
  return { namespaces: [...made], remove };
}
