import { type Credentials, type KeystoneToken, issueToken } from "./keystone.js";
import type { HttpLog } from "./http-log.js";

/** Renew a token this long before Keystone says it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/** Where a token may be kept between runs (see token-cache.ts); never holds a password. */
export interface TokenStore {
  load(): Promise<KeystoneToken | undefined>;
  save(token: KeystoneToken): Promise<void>;
}

export const isFresh = (t: KeystoneToken, now = Date.now()) => !t.expiresAt || Date.parse(t.expiresAt) - EXPIRY_MARGIN_MS > now;

/** Holds the Keystone token of a client: issues it once, reuses it, renews it near expiry. */
export class KeystoneSession {
  private current?: Promise<KeystoneToken>;

  constructor(
    private readonly credentials: Credentials,
    private readonly fetchFn: typeof fetch,
    private readonly log?: HttpLog,
    private readonly store?: TokenStore,
    private readonly timeoutSeconds?: number,
  ) {}

  async token(): Promise<KeystoneToken> {
    const held = this.current && (await this.current.catch(() => undefined));
    if (held && isFresh(held)) return held;
    this.current = this.obtain();
    return this.current;
  }

  private async obtain(): Promise<KeystoneToken> {
    const cached = await this.store?.load();
    if (cached && isFresh(cached)) return cached;
    const issued = await issueToken(this.credentials, this.fetchFn, this.log, this.timeoutSeconds);
    await this.store?.save(issued);
    return issued;
  }
}
