import { createStore, type UseStore } from 'idb-keyval';

/**
 * What the app keeps on the device until the server has it (the roll call taken offline,
 * the muster's taps): a store of its own in IndexedDB, through idb-keyval, and the
 * listeners told when it changes.
 */

/**
 * The store `storeName` of the database `database`, opened on first use. One connection
 * per IndexedDB factory: a device has one; the unit tests give each test a fresh one
 * (src/test/setup.ts), so a test never reads what another one kept.
 */
export function deviceStore(database: string, storeName: string): () => UseStore {
  const stores = new WeakMap<IDBFactory, UseStore>();
  return () => {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available.');
    let found = stores.get(indexedDB);
    if (!found) {
      found = createStore(database, storeName);
      stores.set(indexedDB, found);
    }
    return found;
  };
}

/** Listeners of a store's changes: the pages re-read when something is kept, sent or dropped. */
export function changeListeners(): { subscribe: (listener: () => void) => () => void; notify: () => void } {
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify: () => {
      for (const listener of listeners) listener();
    },
  };
}
