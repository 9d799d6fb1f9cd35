import path from 'node:path';
import { findProjectRoot } from '../chart/project-root.js';
import { openStore, storeDirFromEnv, type Store } from './store.js';

let store: Store | undefined;

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
    store = openStore({ dir: storeDirFromEnv(process.env, fallback) });
  }
  return store;
}
