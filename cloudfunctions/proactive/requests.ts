import { settle } from '../../server/cloud';

/** Counts the job's database requests, for the report and the bench. */
export class Requests {
  n = 0;
  async run<T>(call: Promise<unknown> | void | string): Promise<T> {
    this.n++;
    return (await settle(call)) as T;
  }
}
