import { type Credentials, type KeystoneToken, type VersionRange, issueToken } from "./keystone.js";
import type { ServiceSend } from "./services.js";

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
    private readonly send: ServiceSend,
    private readonly store?: TokenStore,
    private pending?: Promise<KeystoneToken>,
  ) {}

  /** Whether the current token came from the store rather than from Keystone just now. */
  private fromStore = false;

  private renewal?: Promise<boolean>;

  /**
   * The cloud answered 401 to `refused` (a token revoked or expired early, or a stored one from
   * a rebuilt cloud): forget it and get a new one, once, as keystoneauth re-authenticates.
   * Requests refused together share one renewal; one refused a token already replaced just
   * retries. A token the user gave (--os-token) cannot be renewed: false.
   */
  renew(refused: string): Promise<boolean> {
    if (this.held && this.held.token.token !== refused) return Promise.resolve(true);
    if (this.credentials.token && !this.fromStore) return Promise.resolve(false);
    this.renewal ??= (async () => {
      const wasStored = this.fromStore;
      this.fromStore = false;
      this.held = undefined;
      if (wasStored) await this.store?.clear();
      this.current = this.issue().then((token) => {
        this.held = { token, until: token.expiresAt ? Date.parse(token.expiresAt) - EXPIRY_MARGIN_MS : Number.POSITIVE_INFINITY };
        return token;
      });
      await this.current;
      return true;
    })().finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
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
    const issued = await (early ?? issueToken(this.credentials, this.send));
    await this.store?.save(issued);
    return issued;
  }
}
