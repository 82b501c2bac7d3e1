// The bare piscina worker for the dispatch benchmark: a no-op, nothing of the engine.
export default function noop(): number {
  return 0;
}
