/** The scenario modules (bench/<name>.ts), in the table's order; each exports run(opts) -> BenchRow[]. */
export const SCENARIOS = [
  'bulk-sync', 'bulk-async', 'pingpong-sync', 'pingpong-async', 'fanout', 'accept-rate', 'idle-10k',
  'cancel-latency', 'archive',
] as const;
