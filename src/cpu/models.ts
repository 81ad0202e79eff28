// Identification register values of the modelled parts (ARM TRMs of the
// Cortex-A15 r2p1 and Cortex-A7 r0p5).

export interface CpuModel {
  name: string;
  midr: number;
  ctr: number;
  sctlrReset: number;
  idPfr: [number, number];
  idDfr0: number;
  idAfr0: number;
  idMmfr: [number, number, number, number];
  idIsar: [number, number, number, number, number, number];
  clidr: number;
  /** CCSIDR per CSSELR value (0: L1 D, 1: L1 I, 2: L2). */
  ccsidr: [number, number, number];
  aidr: number;
}

export const CORTEX_A15: CpuModel = {
  name: 'cortex-a15',
  midr: 0x412fc0f1,
  ctr: 0x8444c004,
  sctlrReset: 0x00c50078,
  idPfr: [0x00001131, 0x00011011],
  idDfr0: 0x02010555,
  idAfr0: 0,
  idMmfr: [0x10201105, 0x20000000, 0x01240000, 0x02102211],
  idIsar: [0x02101110, 0x13112111, 0x21232041, 0x11112131, 0x10011142, 0],
  clidr: 0x0a200023,
  ccsidr: [0x701fe00a, 0x201fe00a, 0x711fe07a],
  aidr: 0,
};

export const CORTEX_A7: CpuModel = {
  name: 'cortex-a7',
  midr: 0x410fc075,
  ctr: 0x84448003,
  sctlrReset: 0x00c50078,
  idPfr: [0x00001131, 0x00011011],
  idDfr0: 0x02010555,
  idAfr0: 0,
  idMmfr: [0x10101105, 0x40000000, 0x01240000, 0x02102211],
  idIsar: [0x01101110, 0x13112111, 0x21232041, 0x11112131, 0x10011142, 0],
  clidr: 0x0a200023,
  ccsidr: [0x701fe00a, 0x201fe00a, 0x707fe07a],
  aidr: 0,
};

export const CPU_MODELS: Record<string, CpuModel> = {
  'cortex-a15': CORTEX_A15,
  'cortex-a7': CORTEX_A7,
};
