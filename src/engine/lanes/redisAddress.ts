// Where the queue mode's Redis is, and how to say so without its password. A URL may name a TCP
// server (redis://host:port/db, rediss:// for TLS) or a Unix socket (unix:///path/redis.sock, or a bare
// absolute path). The password never comes from the URL the user typed on a command line (the CLI
// refuses one); it arrives apart (an environment variable, VS Code's SecretStorage) and is kept only
// in the connection options, never in a description, a report, a log or an error.
import { BadOptionError } from '../errors';

export interface RedisAddress {
  /** What the report and messages show: the URL without user name or password. */
  shown: string;
  host?: string;
  port?: number;
  path?: string;
  db?: number;
  username?: string;
  password?: string;
  tls?: boolean;
}

/** Reads a Redis URL; `password`, when given, replaces any in the URL. Throws BadOptionError without echoing a password. */
export function parseRedisUrl(url: string, password?: string): RedisAddress {
  if (typeof url !== 'string' || url.trim() === '') throw new BadOptionError('options.redis.url must be a Redis URL such as redis://127.0.0.1:6379 or unix:///run/redis.sock');
  const text = url.trim();
  if (text.startsWith('/')) return { shown: `unix://${text}`, path: text, ...(password ? { password } : {}) };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new BadOptionError(`options.redis.url is not a URL (expected redis://host:port, rediss://host:port or unix:///path/redis.sock; got ${JSON.stringify(withoutSecret(text))})`);
  }
  const secret = password ?? (u.password ? decodeURIComponent(u.password) : undefined);
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  if (u.protocol === 'unix:') {
    if (!u.pathname) throw new BadOptionError('options.redis.url names no socket path (unix:///path/redis.sock)');
    return { shown: `unix://${u.pathname}`, path: u.pathname, ...(secret ? { password: secret } : {}) };
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new BadOptionError(`options.redis.url must start with redis://, rediss:// or unix:// (got ${u.protocol}//)`);
  }
  const port = u.port ? Number(u.port) : 6379;
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? undefined : Number(dbText);
  if (db !== undefined && !(Number.isInteger(db) && db >= 0)) throw new BadOptionError(`options.redis.url names database ${JSON.stringify(dbText)}; a database is a number such as /0`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return {
    shown: `${u.protocol}//${u.hostname}:${port}${db !== undefined ? `/${db}` : ''}`,
    host, port,
    ...(db !== undefined ? { db } : {}),
    ...(username ? { username } : {}),
    ...(secret ? { password: secret } : {}),
    ...(u.protocol === 'rediss:' ? { tls: true } : {}),
  };
}

/** True when the URL itself carries a password (the CLI refuses such a URL on its command line). */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url.trim()).password !== '';
  } catch {
    return /:\/\/[^/@]*:[^/@]*@/.test(url);
  }
}

/** The URL with anything between :// and @ removed, for an error message about a URL that did not parse. */
export function withoutSecret(url: string): string {
  return url.replace(/(\/\/)[^/@]*@/, '$1');
}

/** ioredis options for the address. BullMQ needs maxRetriesPerRequest null on a worker's connection. */
export function connectionOptions(a: RedisAddress): Record<string, unknown> {
  return {
    ...(a.path ? { path: a.path } : { host: a.host, port: a.port }),
    ...(a.db !== undefined ? { db: a.db } : {}),
    ...(a.username ? { username: a.username } : {}),
    ...(a.password ? { password: a.password } : {}),
    ...(a.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // A Redis that goes away must not stall the run in endless reconnects: the mode watches the
    // connection and fails with words (queueLanes.ts); these retries only bridge a blip.
    retryStrategy: (times: number) => (times > 20 ? null : Math.min(50 * times, 500)),
    enableOfflineQueue: true,
    lazyConnect: false,
  };
}
