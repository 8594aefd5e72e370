/*
 * Files chosen but not uploaded yet, kept in IndexedDB (localStorage holds only text): a reload,
 * or a phone dropping the tab while its camera was open, loses none of them. Each is removed as
 * soon as it lands or is refused. Where IndexedDB is not available (some private modes), the
 * queue lives in memory only and these calls do nothing.
 */

/** One waiting file and how far its upload got. */
export interface QueuedUpload {
  id: string;
  /** Which item it is for, and whose: `<user>:<attachments path>`. */
  place: string;
  queuedAt: number;
  file: File;
  /** The pending attachment and its upload URL, reused by a retry while the URL is valid. */
  started?: { id: string; url: string; headers: Record<string, string>; until: number };
  /** The request id of the start under way: a start sent again with it lands once. */
  startRequestId?: string;
  uploaded?: boolean;
}

interface Stored extends Omit<QueuedUpload, 'file'> {
  name: string;
  type: string;
  blob: Blob;
}

const storeName = 'uploads';
let opened: Promise<IDBDatabase | undefined> | undefined;

function database(): Promise<IDBDatabase | undefined> {
  opened ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open('fieldpass-portal', 1);
      request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
  return opened;
}

async function run<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | undefined> {
  const db = await database();
  if (!db) return undefined;
  return new Promise((resolve) => {
    try {
      const request = work(db.transaction(storeName, mode).objectStore(storeName));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
}

/** Keeps (or updates) a waiting file. */
export async function keepUpload(upload: QueuedUpload): Promise<void> {
  const { file, ...rest } = upload;
  const stored: Stored = { ...rest, name: file.name, type: file.type, blob: file };
  await run('readwrite', (store) => store.put(stored));
}

export async function forgetUpload(id: string): Promise<void> {
  await run('readwrite', (store) => store.delete(id));
}

/** The files waiting for `place`, oldest first. */
export async function uploadsFor(place: string): Promise<QueuedUpload[]> {
  const all = ((await run('readonly', (store) => store.getAll())) ?? []) as Stored[];
  return all
    .filter((u) => u.place === place)
    .sort((a, b) => a.queuedAt - b.queuedAt)
    .map(({ name, type, blob, ...rest }) => ({ ...rest, file: new File([blob], name, { type }) }));
}

/** Drops every waiting file whose place contains `part` (an item whose access ended). */
export async function forgetUploadsOf(part: string): Promise<void> {
  const all = ((await run('readonly', (store) => store.getAll())) ?? []) as Stored[];
  for (const u of all) if (u.place.includes(part)) await forgetUpload(u.id);
}
