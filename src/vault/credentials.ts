import { inspect } from 'node:util';
import type { Vault } from './vault.ts';

/**
 * A store's platform login. The password stays out of JSON, util.inspect and
 * string conversion, so passing this object to a logger or an error cannot leak it.
 */
export class PortalCredentials {
  readonly #password: string;

  constructor(
    readonly ubn: string,
    readonly account: string,
    password: string,
  ) {
    this.#password = password;
  }

  revealPassword(): string {
    return this.#password;
  }

  toJSON(): Record<string, string> {
    return { ubn: this.ubn, account: this.account, password: '[redacted]' };
  }

  toString(): string {
    return `PortalCredentials(${this.ubn}/${this.account})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

const bindingFor = (storeId: string) => `store:${storeId}`;

export function sealCredentials(vault: Vault, storeId: string, credentials: PortalCredentials): string {
  const plaintext = JSON.stringify({
    ubn: credentials.ubn,
    account: credentials.account,
    password: credentials.revealPassword(),
  });
  return vault.seal(plaintext, bindingFor(storeId));
}

export function openCredentials(vault: Vault, storeId: string, envelope: string): PortalCredentials {
  const value: unknown = JSON.parse(vault.open(envelope, bindingFor(storeId)));
  if (!isCredentialRecord(value)) throw new Error(`Sealed credentials of store ${storeId} have an unexpected shape.`);
  return new PortalCredentials(value.ubn, value.account, value.password);
}

/** Re-seal under the vault's active key (key rotation), without exposing the plaintext to the caller. */
export function resealCredentials(vault: Vault, storeId: string, envelope: string): string {
  return vault.seal(vault.open(envelope, bindingFor(storeId)), bindingFor(storeId));
}

function isCredentialRecord(value: unknown): value is { ubn: string; account: string; password: string } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.ubn === 'string' && typeof record.account === 'string' && typeof record.password === 'string';
}
