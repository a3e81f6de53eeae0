import type { OperationId } from "../../generated/operations.js";
import type { ApiVersion } from "../core/version.js";
import type { CloudState, UserRecord } from "./state.js";

/** What a handler gets for one request. */
export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  version: ApiVersion;
  user: UserRecord;
  isAdmin: boolean;
  state: CloudState;
  /** The compute endpoint URL (…/v2.1), for links. */
  endpoint: string;
  /** The highest microversion this sandbox serves. */
  maxVersion: string;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;
export type Handlers = Partial<Record<OperationId, Handler>>;

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (status = 204): Reply => ({ status });
