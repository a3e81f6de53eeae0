import { NovaClientError } from "./errors.js";

/** The longest a timer can wait (2^31-1 ms, about 24.8 days); Node cuts a longer one to 1 ms. */
export const MAX_TIMEOUT_SECONDS = (2 ** 31 - 1) / 1000;

/** keystoneauth's Session default: no request waits for ever. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** A timeout in seconds as a timer's whole milliseconds, or one line naming what is wrong. */
export function timeoutMs(seconds: number): number {
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new NovaClientError("CommandError", `The timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not ${seconds}.`);
  }
  return Math.ceil(seconds * 1000);
}
