export interface BenchRow { scenario: string; what: string; afxsock: number; reference: number; unit: string; ratio: number; min: number; max: number; target: string; met: boolean }
