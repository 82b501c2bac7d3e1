// A barrier for the queue mode's lanes, which share no memory with the engine or each other (BullMQ
// child processes, or threads it starts): each lane writes a file named for itself in a folder the
// engine made for this request, and waits until `lanes` files are there. The lanes run on this
// machine, so a folder is the one thing they all see.
// Lane code: imports only node built-ins.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long a lane waits for the others before going on anyway (the engine then sees fewer lanes answer). */
const BARRIER_MS = 5000;

export async function meetInFolder(folder: string, laneId: number, lanes: number): Promise<void> {
  writeFileSync(join(folder, String(laneId)), '');
  const deadline = performance.now() + BARRIER_MS;
  while (readdirSync(folder).length < lanes && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}
