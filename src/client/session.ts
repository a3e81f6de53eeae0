import { type Credentials, type KeystoneToken, type VersionRange, issueToken } from "./keystone.js";
import type { HttpLog } from "./http-log.js";

/** Renew a token this long before Keystone says it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/** Where a token may be kept between runs (see token-cache.ts); never holds a password. */
export interface TokenStore {
  load(): Promise<KeystoneToken | undefined>;
  save(token: KeystoneToken): Promise<void>;
  /** Forget the stored token (the cloud refused it). */
  clear(): Promise<void>;
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
    private pending?: Promise<KeystoneToken>,
  ) {}

  /** Whether the current token came from the store rather than from Keystone just now. */
  private fromStore = false;

  /**
   * The cloud answered 401 to a stored token (revoked, or the cloud was rebuilt): forget it and
   * get a new one. Returns false when the token was fresh from Keystone (nothing to retry).
   */
  async renew(): Promise<boolean> {
    if (!this.fromStore) return false;
    this.fromStore = false;
    this.held = undefined;
    await this.store?.clear();
    this.current = this.issue().then((token) => {
      this.held = { token, until: token.expiresAt ? Date.parse(token.expiresAt) - EXPIRY_MARGIN_MS : Number.POSITIVE_INFINITY };
      return token;
    });
    await this.current;
    return true;
  }

  /** A compute endpoint's version range stored with the token, so a cached run skips discovery. */
  async storedVersions(endpoint: string): Promise<VersionRange | undefined> {
    const held = await this.token();
    return this.fromStore ? held.versions?.[endpoint] : undefined;
  }

  /** Keeps a compute endpoint's version range with the token in the store. */
  async storeVersions(endpoint: string, range: VersionRange): Promise<void> {
    if (!this.store) return;
    const held = await this.token();
    held.versions = { ...held.versions, [endpoint]: { min_version: range.min_version, version: range.version } };
    await this.store.save(held);
  }

  /** The token, when one is held and not about to expire (no waiting: the per-request path). */
  fresh(): KeystoneToken | undefined {
    return this.held && this.held.until > Date.now() ? this.held.token : undefined;
  }

  private held?: { token: KeystoneToken; until: number };

  async token(): Promise<KeystoneToken> {
    const fresh = this.fresh();
    if (fresh) return fresh;
    const pending = this.current && (await this.current.catch(() => undefined));
    if (pending && isFresh(pending)) return pending;
    this.current = this.obtain().then((token) => {
      this.held = { token, until: token.expiresAt ? Date.parse(token.expiresAt) - EXPIRY_MARGIN_MS : Number.POSITIVE_INFINITY };
      return token;
    });
    return this.current;
  }

  private async obtain(): Promise<KeystoneToken> {
    const cached = await this.store?.load();
    if (cached && isFresh(cached)) {
      this.fromStore = true;
      return cached;
    }
    return this.issue();
  }

  private async issue(): Promise<KeystoneToken> {
    const early = this.pending;
    this.pending = undefined;
    const issued = await (early ?? issueToken(this.credentials, this.fetchFn, this.log, this.timeoutSeconds));
    await this.store?.save(issued);
    return issued;
  }
}
