// The bare BullMQ sandboxed processor for the queue benchmark: a no-op job, nothing of the engine.
export default async function noop(): Promise<number> {
  return 0;
}
