/** The contract of every cloud function: `{ action, ...fields }` in, one of these out. */
export type Ok<T> = { ok: true; data: T };
export type Fail = { ok: false; code: string; message: string; detail?: string };
export type Result<T> = Ok<T> | Fail;

/** Maps each action of a function to its request fields and response data. */
export type ActionMap = Record<string, { req: object; res: unknown }>;

export type RequestOf<M extends ActionMap, A extends keyof M> = { action: A } & M[A]['req'];
export type ResponseOf<M extends ActionMap, A extends keyof M> = Result<M[A]['res']>;
