import path from 'node:path';
import { findProjectRoot } from '../chart/project-root.js';
import { openStore, storeDirFromEnv, type Store } from './store.js';

let store: Store | undefined;
let writeBehind = false;

/**
 * Have this thread's store write its entries later than they are put, between the
 * thread's tasks (StoreOptions.writeBehind): called first by the CLI's main thread and
 * its build workers, each of which flushes it (flushProcessStore) before it ends or answers.
 */
export function writeStoreBehind(): void {
  writeBehind = true;
}

/** Every entry this thread's store was given, written. */
export async function flushProcessStore(): Promise<void> {
  await store?.flush();
}

/**
 * The store of this process: `BRIEF_STORE` names its folder (`off`: keep nothing), else
 * `node_modules/.cache/brief/store/` of brief's own install. Opened once: every stage of
 * every build in the process (and each build worker, which reads the same setting) asks
 * the same folder.
 */
export function processStore(): Store {
  if (!store) {
    let fallback: string | undefined;
    try {
      fallback = path.join(findProjectRoot(), 'node_modules', '.cache', 'brief', 'store');
    } catch {
      fallback = undefined; // not inside an install of brief: keep nothing
    }
    store = openStore({ dir: storeDirFromEnv(process.env, fallback), writeBehind });
  }
  return store;
}
