/*
 * The Jailhouse v0.12 (config revision 12) .cell structures for 32-bit ARM,
 * written from docs/jailhouse-abi.md. Compiled by arm-none-eabi-gcc, they
 * check the byte layout that src/config/layout.ts assumes, independently of
 * the TypeScript code: the static asserts pin every offset, and the .data
 * section of each config object is the .cell file.
 */
#include <stddef.h>
#include <stdint.h>

#define PACKED __attribute__((packed))

struct con { uint64_t address; uint32_t size; uint16_t type; uint16_t flags;
	     uint32_t divider; uint32_t gate_nr; uint64_t clock_reg; } PACKED;

struct cell_desc {
	char signature[6]; uint16_t revision;
	char name[32]; uint32_t id; uint32_t flags;
	uint32_t cpu_set_size, num_memory_regions, num_cache_regions,
		 num_irqchips, num_pio_regions, num_pci_devices, num_pci_caps,
		 num_stream_ids;
	uint32_t vpci_irq_base;
	uint64_t cpu_reset_address; uint64_t msg_reply_timeout;
	struct con console;
} PACKED;

struct mem { uint64_t phys_start, virt_start, size, flags; } PACKED;
struct irqchip { uint64_t address; uint32_t id; uint32_t pin_base; uint32_t pin_bitmap[4]; } PACKED;
struct pci_dev {
	uint8_t type; uint8_t iommu; uint16_t domain; uint16_t bdf;
	uint32_t bar_mask[6]; uint16_t caps_start; uint16_t num_caps;
	uint8_t num_msi_vectors; uint8_t msi_64bits:1; uint8_t msi_maskable:1;
	uint16_t num_msix_vectors; uint16_t msix_region_size; uint64_t msix_address;
	uint32_t shmem_regions_start; uint8_t shmem_dev_id; uint8_t shmem_peers;
	uint16_t shmem_protocol;
} PACKED;
struct iommu { uint32_t type; uint64_t base; uint32_t size; uint16_t amd_bdf;
	       uint8_t amd_base_cap; uint8_t amd_msi_cap; uint32_t amd_features; } PACKED;

struct sys {
	char signature[6]; uint16_t revision; uint32_t flags;
	struct mem hypervisor_memory;
	struct con debug_console;
	struct {
		uint64_t pci_mmconfig_base; uint8_t pci_mmconfig_end_bus;
		uint8_t pci_is_virtual; uint16_t pci_domain;
		struct {
			uint8_t maintenance_irq; uint8_t gic_version;
			uint64_t gicd_base, gicc_base, gich_base, gicv_base, gicr_base;
			struct iommu iommu_units[8];
		} PACKED arm;
	} PACKED platform_info;
	struct cell_desc root_cell;
} PACKED;

_Static_assert(sizeof(struct con) == 32, "console");
_Static_assert(sizeof(struct cell_desc) == 132, "cell_desc");
_Static_assert(offsetof(struct cell_desc, cpu_set_size) == 48, "cpu_set_size");
_Static_assert(offsetof(struct cell_desc, vpci_irq_base) == 80, "vpci_irq_base");
_Static_assert(offsetof(struct cell_desc, cpu_reset_address) == 84, "cpu_reset_address");
_Static_assert(offsetof(struct cell_desc, console) == 100, "console");
_Static_assert(sizeof(struct mem) == 32, "memory");
_Static_assert(sizeof(struct irqchip) == 32, "irqchip");
_Static_assert(sizeof(struct pci_dev) == 56, "pci_device");
_Static_assert(offsetof(struct pci_dev, num_msix_vectors) == 36, "num_msix_vectors");
_Static_assert(offsetof(struct pci_dev, msix_address) == 40, "msix_address");
_Static_assert(sizeof(struct iommu) == 24, "iommu");
_Static_assert(offsetof(struct sys, hypervisor_memory) == 12, "hypervisor_memory");
_Static_assert(offsetof(struct sys, debug_console) == 44, "debug_console");
_Static_assert(offsetof(struct sys, platform_info) == 76, "platform_info");
_Static_assert(offsetof(struct sys, platform_info.arm.gicd_base) == 90, "gicd_base");
_Static_assert(offsetof(struct sys, platform_info.arm.iommu_units) == 130, "iommu_units");
_Static_assert(offsetof(struct sys, root_cell) == 322, "root_cell");
_Static_assert(sizeof(struct sys) == 454, "system");

#define REV 12
#define MEM_READ 0x1
#define MEM_WRITE 0x2
#define MEM_EXECUTE 0x4
#define MEM_IO 0x10
#define MEM_COMM_REGION 0x20
#define MEM_LOADABLE 0x40
#define MEM_ROOTSHARED 0x80
#define MEM_IO_32 (4 << 16)
#define CON_TYPE_8250 2
#define CON_TYPE_PL011 3
#define CON_MMIO 1
#define CON_REGDIST_4 2
#define PCI_TYPE_IVSHMEM 3
#define SHMEM_PROTO_VETH 1
#define CELL_PASSIVE_COMMREG 1
#define SYS_VIRTUAL_DEBUG_CONSOLE 1
#define BAR_MASK_INTX { 0xfffff000, 0, 0, 0, 0, 0 }
