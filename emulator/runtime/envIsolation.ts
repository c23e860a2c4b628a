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
  // The SDK reads a dozen variables per request; the real process.env answers each through the C
  // library, so reads come from a plain copy that writes through this proxy keep in step.
  const copy: Record<string, string | undefined> = { ...base };
  process.env = new Proxy(base, {
    get(target, key): unknown {
      const env = overlay.getStore();
      if (env && typeof key === 'string' && Object.prototype.hasOwnProperty.call(env, key)) return env[key];
      if (typeof key === 'string' && !(key in Object.prototype))
        return Object.prototype.hasOwnProperty.call(copy, key) ? copy[key] : undefined;
      return Reflect.get(target, key);
    },
    set(target, key, value) {
      const ok = Reflect.set(target, key, value);
      if (typeof key === 'string') copy[key] = (target as Record<string, string | undefined>)[key];
      return ok;
    },
    deleteProperty(target, key) {
      if (typeof key === 'string') delete copy[key];
      return Reflect.deleteProperty(target, key);
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
