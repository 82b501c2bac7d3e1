// Two functions named run: a lens, a re-run and the history must keep them apart (issue 14 item 11).
export function run(n: number): number {
  return n + 1;
}

export class B {
  static run(n: number): number {
    return n * 2;
  }
}
