// Messages between the benchmark parent and its long-lived worker processes (child_process.fork IPC).
export type StoreTarget = { kind: 'pg'; url: string; schema: string } | { kind: 'pglite'; dir: string } | null;

export type ToWorker =
  | { type: 'init'; store: StoreTarget }
  | { type: 'file'; path: string }
  | { type: 'stats' }
  | { type: 'exit' };

export interface StageMs {
  read: number;
  extract: number;
  validate: number;
  store: number;
  wall: number;
}

export type FromWorker =
  | { type: 'ready'; store: boolean; error?: string }
  | { type: 'done'; path: string; ok: boolean; error?: string; format: string | null; pages: number | null; t: StageMs; cpuUs: number }
  | { type: 'stats'; maxRssKb: number; rssBytes: number; cpuUs: number };
