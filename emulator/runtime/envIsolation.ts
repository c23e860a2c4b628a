import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * wx-server-sdk reads the caller's identity from process.env (WX_OPENID, TCB_ENV, …).
 * Functions share one process, so each invocation sees its own overlay through AsyncLocalStorage.
 */
const overlay = new AsyncLocalStorage<Record<string, string>>();
let installed = false;

export function installEnvIsolation(): void {
  if (installed) return;
  installed = true;
  const base = process.env;
  process.env = new Proxy(base, {
    get(target, key): unknown {
      const env = overlay.getStore();
      if (env && typeof key === 'string' && Object.prototype.hasOwnProperty.call(env, key)) return env[key];
      return Reflect.get(target, key);
    },
    has(target, key) {
      const env = overlay.getStore();
      return (env !== undefined && typeof key === 'string' && key in env) || Reflect.has(target, key);
    },
    ownKeys(target) {
      const env = overlay.getStore();
      const keys = new Set<string | symbol>(Reflect.ownKeys(target));
      if (env) for (const k of Object.keys(env)) keys.add(k);
      return [...keys];
    },
    getOwnPropertyDescriptor(target, key) {
      const env = overlay.getStore();
      if (env && typeof key === 'string' && Object.prototype.hasOwnProperty.call(env, key)) {
        return { value: env[key], writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    }
  });
}

export function runWithEnv<T>(env: Record<string, string>, fn: () => T): T {
  return overlay.run(env, fn);
}
