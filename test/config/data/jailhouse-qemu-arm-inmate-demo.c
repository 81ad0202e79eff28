/* The values of Jailhouse v0.12's configs/arm/qemu-arm-inmate-demo.c (cell config). */
#include "cell-layout.h"

struct {
	struct cell_desc cell;
	uint64_t cpus[1];
	struct mem mem_regions[8];
	struct irqchip irqchips[1];
	struct pci_dev pci_devices[1];
} PACKED config = {
	.cell = {
		.signature = "JHCELL", .revision = REV,
		.name = "inmate-demo",
		.flags = CELL_PASSIVE_COMMREG,
		.cpu_set_size = 8, .num_memory_regions = 8,
		.num_irqchips = 1, .num_pci_devices = 1,
		.vpci_irq_base = 144 - 32,
		.console = { .address = 0x09000000, .type = CON_TYPE_PL011,
			     .flags = CON_MMIO | CON_REGDIST_4 },
	},
	.cpus = { 0x2 },
	.mem_regions = {
		{ 0x7faf0000, 0x7faf0000, 0x1000, MEM_READ | MEM_ROOTSHARED },
		{ 0x7faf1000, 0x7faf1000, 0x9000, MEM_READ | MEM_WRITE | MEM_ROOTSHARED },
		{ 0x7fafa000, 0x7fafa000, 0x2000, MEM_READ | MEM_ROOTSHARED },
		{ 0x7fafc000, 0x7fafc000, 0x2000, MEM_READ | MEM_WRITE | MEM_ROOTSHARED },
		{ 0x7fafe000, 0x7fafe000, 0x2000, MEM_READ | MEM_ROOTSHARED },
		{ 0x09000000, 0x09000000, 0x1000, MEM_READ | MEM_WRITE | MEM_IO | MEM_ROOTSHARED },
		{ 0x7fa00000, 0, 0x10000, MEM_READ | MEM_WRITE | MEM_EXECUTE | MEM_LOADABLE },
		{ 0, 0x80000000, 0x1000, MEM_READ | MEM_WRITE | MEM_COMM_REGION },
	},
	.irqchips = { { .address = 0x08000000, .pin_base = 32,
			.pin_bitmap = { 0, 0, 0, 1 << (144 - 128) } } },
	.pci_devices = { { .type = PCI_TYPE_IVSHMEM, .domain = 1, .bdf = 0 << 3,
			   .bar_mask = BAR_MASK_INTX, .shmem_regions_start = 0,
			   .shmem_dev_id = 1, .shmem_peers = 3 } },
};
