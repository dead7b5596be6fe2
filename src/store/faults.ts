// Fault injection at the store layer: a Db that refuses its first N calls the way a database that
// is down does (ECONNREFUSED), to prove jobs retry and finish. Used by tests and chaos drills.
import type { Db } from './db.js';

export interface FailingDb extends Db {
  /** Calls refused so far. */
  readonly refused: number;
}

export function failingDb(inner: Db, failures: number): FailingDb {
  let left = failures;
  let refused = 0;
  const gate = () => {
    if (left > 0) {
      left--;
      refused++;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 (injected)'), { code: 'ECONNREFUSED' });
    }
  };
  return {
    kind: inner.kind,
    scope: inner.scope,
    get refused() {
      return refused;
    },
    async query(sql, params) {
      gate();
      return inner.query(sql, params);
    },
    async exec(sql) {
      gate();
      return inner.exec(sql);
    },
    async transaction(fn) {
      gate();
      return inner.transaction(fn);
    },
    close: () => inner.close(),
  };
}
