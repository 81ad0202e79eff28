/* The values of Jailhouse v0.12's configs/arm/bananapi-uart-demo.c (cell config). */
#include "cell-layout.h"

struct {
	struct cell_desc cell;
	uint64_t cpus[1];
	struct mem mem_regions[4];
} PACKED config = {
	.cell = {
		.signature = "JHCELL", .revision = REV,
		.name = "bananapi-uart-demo",
		.flags = CELL_PASSIVE_COMMREG,
		.cpu_set_size = 8, .num_memory_regions = 4,
		.console = { .address = 0x01c29c00, .clock_reg = 0x01c2006c,
			     .gate_nr = 23, .divider = 0x0d, .type = CON_TYPE_8250,
			     .flags = CON_MMIO | CON_REGDIST_4 },
	},
	.cpus = { 0x2 },
	.mem_regions = {
		{ 0x01c20000, 0x01c20000, 0x400, MEM_READ | MEM_WRITE | MEM_IO | MEM_IO_32 },
		{ 0x01c29000, 0x01c29000, 0x1000, MEM_READ | MEM_WRITE | MEM_IO },
		{ 0x7bff0000, 0, 0x10000, MEM_READ | MEM_WRITE | MEM_EXECUTE | MEM_LOADABLE },
		{ 0, 0x80000000, 0x1000, MEM_READ | MEM_WRITE | MEM_COMM_REGION },
	},
};
