// Program status register layout and processor modes (ARM ARM B1.3).

export const MODE_USR = 0x10;
export const MODE_FIQ = 0x11;
export const MODE_IRQ = 0x12;
export const MODE_SVC = 0x13;
export const MODE_MON = 0x16;
export const MODE_ABT = 0x17;
export const MODE_HYP = 0x1a;
export const MODE_UND = 0x1b;
export const MODE_SYS = 0x1f;

export const PSR_N = 1 << 31;
export const PSR_Z = 1 << 30;
export const PSR_C = 1 << 29;
export const PSR_V = 1 << 28;
export const PSR_Q = 1 << 27;
export const PSR_J = 1 << 24;
export const PSR_GE_SHIFT = 16;
export const PSR_E = 1 << 9;
export const PSR_A = 1 << 8;
export const PSR_I = 1 << 7;
export const PSR_F = 1 << 6;
export const PSR_T = 1 << 5;
/** IT[1:0] at bits 26:25 and IT[7:2] at bits 15:10. */
export const PSR_IT_MASK = 0x0600fc00;
export const PSR_FLAGS_MASK = 0xf8000000;

/** Register bank index per mode: usr/sys share bank 0; Hyp has its own SP but shares LR with usr. */
export const BANK_USR = 0, BANK_FIQ = 1, BANK_IRQ = 2, BANK_SVC = 3, BANK_MON = 4, BANK_ABT = 5, BANK_HYP = 6,
  BANK_UND = 7;

export function bankOf(mode: number): number {
  switch (mode) {
    case MODE_USR: case MODE_SYS: return BANK_USR;
    case MODE_FIQ: return BANK_FIQ;
    case MODE_IRQ: return BANK_IRQ;
    case MODE_SVC: return BANK_SVC;
    case MODE_MON: return BANK_MON;
    case MODE_ABT: return BANK_ABT;
    case MODE_HYP: return BANK_HYP;
    case MODE_UND: return BANK_UND;
    default: return -1;
  }
}

export function isValidMode(mode: number): boolean {
  return bankOf(mode) >= 0;
}

export function modeName(mode: number): string {
  switch (mode) {
    case MODE_USR: return 'usr';
    case MODE_FIQ: return 'fiq';
    case MODE_IRQ: return 'irq';
    case MODE_SVC: return 'svc';
    case MODE_MON: return 'mon';
    case MODE_ABT: return 'abt';
    case MODE_HYP: return 'hyp';
    case MODE_UND: return 'und';
    case MODE_SYS: return 'sys';
    default: return `mode 0x${mode.toString(16)}`;
  }
}
