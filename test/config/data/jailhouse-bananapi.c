/* The values of Jailhouse v0.12's configs/arm/bananapi.c (system config). */
#include "cell-layout.h"

#define IO_PAGE(addr) { addr, addr, 0x1000, MEM_READ | MEM_WRITE | MEM_IO }
#define IO_32(addr, sz) { addr, addr, sz, MEM_READ | MEM_WRITE | MEM_IO | MEM_IO_32 }

struct {
	struct sys header;
	uint64_t cpus[1];
	struct mem mem_regions[20];
	struct irqchip irqchips[1];
	struct pci_dev pci_devices[1];
} PACKED config = {
	.header = {
		.signature = "JHSYST", .revision = REV,
		.flags = SYS_VIRTUAL_DEBUG_CONSOLE,
		.hypervisor_memory = { .phys_start = 0x7c000000, .size = 0x4000000 },
		.debug_console = { .address = 0x01c28000, .size = 0x1000,
				   .type = CON_TYPE_8250, .flags = CON_MMIO | CON_REGDIST_4 },
		.platform_info = {
			.pci_mmconfig_base = 0x2000000, .pci_is_virtual = 1,
			.arm = { .gic_version = 2, .gicd_base = 0x01c81000,
				 .gicc_base = 0x01c82000, .gich_base = 0x01c84000,
				 .gicv_base = 0x01c86000, .maintenance_irq = 25 },
		},
		.root_cell = {
			.name = "Banana-Pi",
			.cpu_set_size = 8, .num_memory_regions = 20,
			.num_irqchips = 1, .num_pci_devices = 1,
			.vpci_irq_base = 108,
		},
	},
	.cpus = { 0x3 },
	.mem_regions = {
		{ 0x7bf00000, 0x7bf00000, 0x1000, MEM_READ | MEM_ROOTSHARED },
		{ 0 },
		{ 0x7bf01000, 0x7bf01000, 0x7f000, MEM_READ | MEM_WRITE | MEM_ROOTSHARED },
		{ 0x7bf80000, 0x7bf80000, 0x7f000, MEM_READ | MEM_ROOTSHARED },
		IO_PAGE(0x01c05000), IO_PAGE(0x01c0f000), IO_PAGE(0x01c14000),
		IO_PAGE(0x01c18000), IO_PAGE(0x01c1c000),
		IO_32(0x01c20000, 0x400), IO_32(0x01c20400, 0x400),
		IO_32(0x01c20800, 0xfc), IO_32(0x01c208fc, 0x24),
		IO_32(0x01c20920, 0x24), IO_32(0x01c20a00, 0x1c),
		IO_32(0x01c20c00, 0x400),
		IO_PAGE(0x01c28000),
		{ 0x01c50000, 0x01c50000, 0x10000, MEM_READ | MEM_WRITE | MEM_IO },
		IO_PAGE(0x01c60000),
		{ 0x40000000, 0x40000000, 0x3bf00000, MEM_READ | MEM_WRITE | MEM_EXECUTE },
	},
	.irqchips = { { .address = 0x01c81000, .pin_base = 32,
			.pin_bitmap = { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff } } },
	.pci_devices = { { .type = PCI_TYPE_IVSHMEM, .bdf = 1 << 3,
			   .bar_mask = BAR_MASK_INTX, .shmem_regions_start = 0,
			   .shmem_dev_id = 0, .shmem_peers = 2,
			   .shmem_protocol = SHMEM_PROTO_VETH } },
};
