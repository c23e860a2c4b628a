/** An error the local cloud answers as CloudBase does: HTTP 200 with `{ code, message, requestId }`. */
export class CloudBaseError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = 'CloudBaseError';
  }
}
