import { MalformedReplyError, NovaClientError } from "../core/errors.js";
import { parseVersion } from "../core/version.js";
import type { NovaClient } from "../resources/nova-client.js";

/** What is wrong with the cloud's last reply by the spec (loaded only now), if anything. */
async function lastReplyProblem(nova: NovaClient | undefined, cause?: unknown): Promise<MalformedReplyError | undefined> {
  const last = nova?.traffic.last;
  if (!nova || !last) return undefined;
  const { loadValidator } = await import("../spec/validator.js");
  const problems = (await loadValidator())
    .validate(last.operation, { status: last.status }, parseVersion(nova.microversion), last.body)
    .filter((p) => !p.message.includes("additional properties"));
  if (problems.length === 0) return undefined;
  const problem = `does not match the spec: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`;
  return new MalformedReplyError(last.operation, last.status, last.contentType, last.requestId, problem, { cause });
}

/**
 * A failure that is not one of ours (a TypeError while printing, say) almost always means the
 * cloud's last reply was not what the spec promises: report what is wrong with it, else the
 * failure in one line.
 */
export async function explainFailure(err: unknown, nova: NovaClient | undefined): Promise<NovaClientError> {
  const malformed = await lastReplyProblem(nova, err);
  if (malformed) return malformed;
  return new NovaClientError("ClientException", err instanceof Error ? err.message : String(err), { cause: err });
}

/** A success with nothing to print may be a reply of the wrong shape: the spec decides, and it is an error then. */
export async function checkEmptyReply(nova: NovaClient): Promise<void> {
  const malformed = await lastReplyProblem(nova);
  if (malformed) throw malformed;
}
