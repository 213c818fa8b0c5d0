// db.js — a small promise wrapper around IndexedDB: one database, named object stores, a whole store
// read at once, puts/deletes/clears in one transaction, and failures sorted into what the page
// tells the learner (storage full, storage not allowed, anything else). DOM-free.

/** Why storage failed: 'full' (quota), 'denied' (private mode, blocked, no IndexedDB) or 'error'. */
export function storageProblem(err) {
  const name = err?.name ?? '';
  if (name === 'QuotaExceededError' || /quota/i.test(err?.message ?? '')) return 'full';
  if (['SecurityError', 'InvalidStateError', 'NotAllowedError', 'UnknownError'].includes(name) || err instanceof StorageUnavailable) return 'denied';
  return 'error';
}

export class StorageUnavailable extends Error {}

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

// Resolves when the transaction commits; rejects with its error (a quota error arrives as an abort).
const committed = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
  tx.onerror = () => reject(tx.error);
});

export class Db {
  /**
   * @param {string} name database name
   * @param {number} version schema version; a newer one drops and recreates every store
   * @param {string[]} stores object store names (out-of-line keys)
   */
  static async open(name, version, stores) {
    const idb = globalThis.indexedDB;  // read here: a blocked browser may throw on the very access
    if (!idb) throw new StorageUnavailable('IndexedDB is not available');
    const request = idb.open(name, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const store of [...db.objectStoreNames]) db.deleteObjectStore(store);
      for (const store of stores) db.createObjectStore(store);
    };
    return new Db(await done(request));
  }

  constructor(db) {
    this.db = db;
    // Another tab opening a newer schema waits for this one to let go.
    db.onversionchange = () => db.close();
  }

  // Every [key, value] of a store, in key order.
  async entries(store) {
    const s = this.db.transaction(store).objectStore(store);
    const [keys, values] = await Promise.all([done(s.getAllKeys()), done(s.getAll())]);
    return keys.map((k, i) => [k, values[i]]);
  }

  /**
   * One transaction over `stores`: puts ([store, key, value]) and deletes ([store, key]); all or
   * nothing.
   */
  async write({ puts = [], deletes = [], clear = [] }) {
    const names = [...new Set([...puts, ...deletes].map((op) => op[0]).concat(clear))];
    if (!names.length) return;
    const tx = this.db.transaction(names, 'readwrite');
    const finished = committed(tx);
    try {
      for (const store of clear) tx.objectStore(store).clear();
      for (const [store, key] of deletes) tx.objectStore(store).delete(key);
      for (const [store, key, value] of puts) tx.objectStore(store).put(value, key);
    } catch (err) {
      tx.abort();
      finished.catch(() => {});
      throw err;
    }
    await finished;
  }

  close() {
    this.db.close();
  }
}
