#!/usr/bin/env python3
"""Generates probes.S: one function per CP14 access, reading (MRC/MRRC/STC) or writing (MCR/LDC) r0."""
regs = [
    ('DBGDIDR', 0, 0, 0, 0), ('DBGDSCRint', 0, 0, 1, 0), ('DBGDTRRXint', 0, 0, 5, 0), ('DBGWFAR', 0, 0, 6, 0),
    ('DBGVCR', 0, 0, 7, 0), ('DBGDTRRXext', 0, 0, 0, 2), ('DBGDCCINT', 0, 0, 2, 0), ('DBGDSCRext', 0, 0, 2, 2),
    ('DBGDTRTXext', 0, 0, 3, 2), ('DBGDRAR', 0, 1, 0, 0), ('DBGDSAR', 0, 2, 0, 0), ('DBGOSLSR', 0, 1, 1, 4),
    ('DBGOSDLR', 0, 1, 3, 4), ('DBGPRCR', 0, 1, 4, 4), ('DBGBXVR0', 0, 1, 0, 1), ('DBGDEVID', 0, 7, 2, 7),
    ('DBGDEVID1', 0, 7, 1, 7), ('DBGAUTHSTATUS', 0, 7, 14, 6), ('DBGCLAIMCLR', 0, 7, 9, 6), ('DBGCLAIMSET', 0, 7, 8, 6),
    ('TEECR', 6, 0, 0, 0), ('TEEHBR', 6, 1, 0, 0), ('JIDR', 7, 0, 0, 0), ('JOSCR', 7, 1, 0, 0), ('JMCR', 7, 2, 0, 0),
    ('TRC_c0c0_0', 1, 0, 0, 0),
]
for n in range(16):
    for name, opc2 in (('DBGBVR', 4), ('DBGBCR', 5), ('DBGWVR', 6), ('DBGWCR', 7)):
        regs.append((f'{name}{n}', 0, 0, n, opc2))
writes = [('W_DBGDTRTXint', 0, 0, 5, 0), ('W_DBGOSLAR', 0, 1, 0, 4), ('W_DBGOSDLR', 0, 1, 3, 4), ('W_DBGBVR0', 0, 0, 0, 4),
          ('W_DBGBCR0', 0, 0, 0, 5), ('W_DBGWVR0', 0, 0, 0, 6), ('W_DBGWCR0', 0, 0, 0, 7), ('W_DBGVCR', 0, 0, 7, 0),
          ('W_DBGDSCRext', 0, 0, 2, 2), ('W_DBGPRCR', 0, 1, 4, 4), ('W_TEECR', 6, 0, 0, 0), ('W_TEEHBR', 6, 1, 0, 0),
          ('W_DBGBVR5', 0, 0, 5, 4), ('W_DBGBVR6', 0, 0, 6, 4), ('W_DBGWVR3', 0, 0, 3, 6), ('W_DBGWVR4', 0, 0, 4, 6)]
out = ['.syntax unified', '.arm', '.text']
names = []
for name, o1, crn, crm, o2 in regs:
    names.append(name)
    out += [f'.global p_{name}', f'p_{name}:', f'  mrc p14, {o1}, r0, c{crn}, c{crm}, {o2}', '  bx lr']
for name, o1, crn, crm, o2 in writes:
    names.append(name)
    # DBGDSCR.UDCCdis stays clear so that PL0 keeps its DCC access
    keep = ['  bic r0, r0, #0x1000'] if name == 'W_DBGDSCRext' else []
    out += [f'.global p_{name}', f'p_{name}:'] + keep + [f'  mcr p14, {o1}, r0, c{crn}, c{crm}, {o2}', '  mov r0, #0', '  bx lr']
for name, crm in (('DBGDRAR64', 1), ('DBGDSAR64', 2)):
    names.append(name)
    out += [f'.global p_{name}', f'p_{name}:', '  mov r1, #0x55', f'  mrrc p14, 0, r0, r1, c{crm}', '  ldr r2, =g_hi', '  str r1, [r2]', '  bx lr']
names.append('STC_DTRTX'); out += ['.global p_STC_DTRTX', 'p_STC_DTRTX:', '  ldr r1, =g_buf', '  stc p14, c5, [r1]', '  ldr r0, [r1]', '  bx lr']
names.append('LDC_DTRRX'); out += ['.global p_LDC_DTRRX', 'p_LDC_DTRRX:', '  ldr r1, =g_buf', '  ldc p14, c5, [r1]', '  mov r0, #0', '  bx lr']
out.append('.ltorg')
open('probes.S', 'w').write('\n'.join(out) + '\n')
with open('probes.h', 'w') as f:
    for n in names: f.write(f'extern unsigned p_{n}(unsigned);\n')
    f.write('static const struct probe probes[] = {\n')
    for n in names: f.write(f'  {{"{n}", p_{n}}},\n')
    f.write('};\n')
