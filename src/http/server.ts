import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts listening; resolves with where, or rejects (e.g. the port is taken). */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

export function addressUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Stops accepting and resolves once every connection is gone. Requests in flight finish, for up to
 * `graceMs` (then their connections are cut, so a shutdown never waits on a slow client);
 * `streams: 'end'` also ends long-lived streams (the playground's server-sent events), which never finish.
 */
export function closeServer(server: Server, options: { streams?: 'wait' | 'end'; graceMs?: number } = {}): Promise<void> {
  const graceMs = options.graceMs ?? CLOSE_GRACE_MS;
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    if (options.streams === 'end') server.closeAllConnections();
    else server.closeIdleConnections();
  });
}

const CLOSE_GRACE_MS = 1_500;
