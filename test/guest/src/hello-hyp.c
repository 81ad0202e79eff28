/* hello-hyp: how the CPU is entered on `-M virt,virtualization=on` (Hyp
 * mode), what sysstart.S leaves behind (SVC mode), an HVC from SVC taken to
 * the Hyp trap vector (HSR, ELR_hyp, SPSR_hyp; semihosting calls made from
 * Hyp mode there), and PSCI reached through SMC. */
#include <stdio.h>

#include "common.h"
#include "sys.h"

static const char *mode_name(uint32_t cpsr)
{
    switch (cpsr & 0x1f) {
    case MODE_USR: return "usr";
    case MODE_FIQ: return "fiq";
    case MODE_IRQ: return "irq";
    case MODE_SVC: return "svc";
    case MODE_MON: return "mon";
    case MODE_ABT: return "abt";
    case MODE_HYP: return "hyp";
    case MODE_UND: return "und";
    case MODE_SYS: return "sys";
    default: return "???";
    }
}

/* Flags (NZCVQ, GE) left out: at entry QEMU happens to leave Z set. */
static void print_cpsr(const char *what, uint32_t cpsr)
{
    printf("%s: CPSR[9:0]=%03lx mode=%s A=%lu I=%lu F=%lu T=%lu\n", what, (unsigned long)cpsr & 0x3ff,
           mode_name(cpsr), (unsigned long)(cpsr >> 8) & 1, (unsigned long)(cpsr >> 7) & 1,
           (unsigned long)(cpsr >> 6) & 1, (unsigned long)(cpsr >> 5) & 1);
}

static volatile uint32_t trap_hsr, trap_elr, trap_spsr, trap_cpsr, trap_count;
static volatile uint32_t hyp_midr, hyp_mpidr, hyp_vpidr, hyp_vmpidr, hyp_hcr, hyp_hvbar;

/* Runs in Hyp mode (HVBAR + 0x14). frame: r0..r12, lr of the caller. */
void hyp_trap_handler(uint32_t *frame)
{
    uint32_t elr, spsr;
    __asm__ volatile("mrs %0, elr_hyp" : "=r"(elr));
    __asm__ volatile("mrs %0, spsr" : "=r"(spsr));
    trap_hsr = CP15_READ(4, c5, c2, 0);
    trap_elr = elr;
    trap_spsr = spsr;
    trap_cpsr = read_cpsr();
    trap_count++;
    hyp_midr = read_midr();
    hyp_mpidr = read_mpidr();
    hyp_vpidr = CP15_READ(4, c0, c0, 0);
    hyp_vmpidr = CP15_READ(4, c0, c0, 5);
    hyp_hcr = CP15_READ(4, c1, c1, 0);
    hyp_hvbar = CP15_READ(4, c12, c0, 0);
    semihost_svc(SYS_WRITE0, "in Hyp mode: semihosting SYS_WRITE0 via SVC\n");
    semihost_hlt(SYS_WRITE0, "in Hyp mode: semihosting SYS_WRITE0 via HLT\n");
    frame[0] = frame[0] + 0x1000;       /* the HVC "returns" r0 + 0x1000 */
}

extern const char hvc_insn[];

int main(void)
{
    printf("hello-hyp: Hello from the system start-up code\n");
    print_cpsr("entry", entry_cpsr);
    print_cpsr("main ", read_cpsr());

    printf("MIDR=%08lx MPIDR=%08lx\n", (unsigned long)read_midr(), (unsigned long)read_mpidr());
    uint32_t pfr1 = CP15_READ(0, c0, c1, 1);
    printf("ID_PFR1=%08lx: security %lu, virtualization %lu, generic timer %lu\n", (unsigned long)pfr1,
           (unsigned long)(pfr1 >> 4) & 15, (unsigned long)(pfr1 >> 12) & 15, (unsigned long)(pfr1 >> 16) & 15);
    printf("CNTFRQ=%lu Hz\n", (unsigned long)read_cntfrq());
    printf("VBAR is vectors: %s\n", CP15_READ(0, c12, c0, 0) != 0 ? "set" : "zero");

    /* HVC #0x42 from SVC mode: a Hyp trap (EC 0x12). */
    register uint32_t r0 __asm__("r0") = 0x5a5;
    __asm__ volatile(".arch_extension virt\n"
                     "    .global hvc_insn\n"
                     "hvc_insn:\n"
                     "    hvc #0x42\n"
                     : "+r"(r0) :: "memory", "r1", "r2", "r3", "r12", "lr");
    uint32_t hvc_ret = r0;
    uint32_t hsr = trap_hsr;
    printf("HVC #0x42: %lu trap(s), r0 0x5a5 -> 0x%lx\n", (unsigned long)trap_count, (unsigned long)hvc_ret);
    printf("  HSR=%08lx (EC=0x%02lx IL=%lu ISS=0x%07lx)\n", (unsigned long)hsr, (unsigned long)hsr >> 26,
           (unsigned long)(hsr >> 25) & 1, (unsigned long)hsr & 0x1ffffff);
    printf("  ELR_hyp = hvc + %ld\n", (long)(trap_elr - (uint32_t)hvc_insn));
    print_cpsr("  SPSR_hyp", trap_spsr);
    print_cpsr("  handler", trap_cpsr);
    printf("  in Hyp mode: MIDR=%08lx MPIDR=%08lx VPIDR=%08lx VMPIDR=%08lx HCR=%08lx HVBAR %s\n",
           (unsigned long)hyp_midr, (unsigned long)hyp_mpidr, (unsigned long)hyp_vpidr,
           (unsigned long)hyp_vmpidr, (unsigned long)hyp_hcr, hyp_hvbar ? "set" : "zero");

    /* PSCI through SMC. */
    int32_t v = psci_smc(PSCI_VERSION, 0, 0, 0);
    printf("PSCI_VERSION = 0x%08lx (%ld.%ld)\n", (unsigned long)v, (long)((uint32_t)v >> 16), (long)(v & 0xffff));
    printf("PSCI_AFFINITY_INFO(cpu 0) = %ld\n", (long)psci_smc(PSCI_AFFINITY_INFO, 0, 0, 0));
    printf("PSCI_CPU_ON(cpu 0, already on) = %ld\n", (long)psci_smc(PSCI_CPU_ON, 0, (uint32_t)secondary_entry, 0));
    printf("PSCI_CPU_ON(cpu 7, absent) = %ld\n", (long)psci_smc(PSCI_CPU_ON, 7, (uint32_t)secondary_entry, 0));

    semihost_svc(SYS_WRITE0, "in SVC mode: semihosting SYS_WRITE0 via SVC\n");
    printf("Goodbye\n");
    return 0;
}
