// Identification register values of the modelled parts: the Cortex-A15 (ARM
// TRM, and as QEMU 7.2 presents it on its virt board with virtualization=on,
// recorded in test/firmware/qemu-probe/), and the Cortex-A7 r0p4 of the
// Allwinner A20 (ARM Cortex-A7 MPCore TRM).

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

/** Cortex-A15 r2p1 (ARM Cortex-A15 MPCore TRM). */
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

/**
 * QEMU 7.2's cortex-a15 (r4p0) as `-M virt,virtualization=on` shows it: the board has no EL3,
 * so ID_PFR1 reports no Security Extensions and ID_DFR0 no Secure debug.
 */
export const CORTEX_A15_QEMU: CpuModel = {
  ...CORTEX_A15,
  name: 'cortex-a15 (QEMU virt)',
  midr: 0x414fc0f0,
  idPfr: [0x00001131, 0x00011001],
  idDfr0: 0x02010505,
};

/** Cortex-A7 r0p4 (the A20's): Security and Virtualization Extensions, generic timer. */
export const CORTEX_A7: CpuModel = {
  name: 'cortex-a7',
  midr: 0x410fc074,
  ctr: 0x84448003,
  sctlrReset: 0x00c50078,
  idPfr: [0x00001131, 0x00011011],
  idDfr0: 0x02010555,
  idAfr0: 0,
  idMmfr: [0x10101105, 0x40000000, 0x01240000, 0x02102211],
  // ID_ISAR0 with SDIV/UDIV in both instruction sets (TRM table 4-41; its summary table says 0x01101110).
  idIsar: [0x02101110, 0x13112111, 0x21232041, 0x11112131, 0x10011142, 0],
  clidr: 0x0a200023,
  ccsidr: [0x701fe00a, 0x201fe00a, 0x707fe07a],
  aidr: 0,
};

export const CPU_MODELS: Record<string, CpuModel> = {
  'cortex-a15': CORTEX_A15,
  'cortex-a7': CORTEX_A7,
};
