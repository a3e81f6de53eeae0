/** A Nova fault to answer with: {"<name>": {"code": N, "message": "..."}}. */
export class Fault extends Error {
  constructor(
    readonly status: number,
    readonly fault: string,
    message: string,
  ) {
    super(message);
  }

  body(): object {
    return { [this.fault]: { code: this.status, message: this.message } };
  }
}

export const notFound = (message: string) => new Fault(404, "itemNotFound", message);
export const badRequest = (message: string) => new Fault(400, "badRequest", message);
export const conflict = (message: string) => new Fault(409, "conflictingRequest", message);
export const forbidden = (rule: string) => new Fault(403, "forbidden", `Policy doesn't allow ${rule} to be performed.`);
