// The target description gdb reads with qXfer:features:read:target.xml: the
// core registers (org.gnu.gdb.arm.core) and VFPv3-D32 (org.gnu.gdb.arm.vfp).
// Register numbers follow gdb's ARM numbering: r0-r15 are 0-15, cpsr 25 (16-24
// were the FPA registers), then d0-d31 and fpscr. The g packet holds the
// registers in number order with no gaps: r0-r15, cpsr, d0-d31, fpscr.

export const REG_PC = 15;
export const REG_CPSR = 25;
export const REG_D0 = 26;
export const REG_FPSCR = REG_D0 + 32;

/** Sizes of the registers in g-packet order, with their numbers. */
export const G_LAYOUT: readonly { regnum: number; size: number }[] = [
  ...Array.from({ length: 16 }, (_, i) => ({ regnum: i, size: 4 })),
  { regnum: REG_CPSR, size: 4 },
  ...Array.from({ length: 32 }, (_, i) => ({ regnum: REG_D0 + i, size: 8 })),
  { regnum: REG_FPSCR, size: 4 },
];

export const G_PACKET_BYTES = G_LAYOUT.reduce((n, r) => n + r.size, 0);

function coreFeature(): string {
  const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12'];
  const regs = names.map((n, i) => `    <reg name="${n}" bitsize="32" type="uint32" regnum="${i}"/>`);
  regs.push('    <reg name="sp" bitsize="32" type="data_ptr" regnum="13"/>');
  regs.push('    <reg name="lr" bitsize="32" regnum="14"/>');
  regs.push('    <reg name="pc" bitsize="32" type="code_ptr" regnum="15"/>');
  regs.push(`    <reg name="cpsr" bitsize="32" regnum="${REG_CPSR}"/>`);
  return `  <feature name="org.gnu.gdb.arm.core">\n${regs.join('\n')}\n  </feature>`;
}

function vfpFeature(): string {
  const regs = Array.from({ length: 32 },
    (_, i) => `    <reg name="d${i}" bitsize="64" type="ieee_double" regnum="${REG_D0 + i}"/>`);
  regs.push(`    <reg name="fpscr" bitsize="32" type="int" group="float" regnum="${REG_FPSCR}"/>`);
  return `  <feature name="org.gnu.gdb.arm.vfp">\n${regs.join('\n')}\n  </feature>`;
}

export const TARGET_XML = `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
  <architecture>arm</architecture>
${coreFeature()}
${vfpFeature()}
</target>
`;
