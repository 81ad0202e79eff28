/* Helpers shared by the parts of the probe program (probe.c, probe-gic.c). */
#ifndef PROBE_H
#define PROBE_H

#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "sys.h"

#define GICD 0x08000000u
#define GICC 0x08010000u
#define GICH 0x08030000u
#define GICV 0x08040000u

/* Data aborts are counted and skipped. */
extern volatile uint32_t abort_count, abort_dfsr;

static inline uint32_t rd(uint32_t a) { return *(volatile uint32_t *)a; }
static inline void wr(uint32_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t rdb(uint32_t a) { return *(volatile uint8_t *)a; }
static inline void wrb(uint32_t a, uint32_t v) { *(volatile uint8_t *)a = (uint8_t)v; }

/* "name: value", or the data abort an access took. */
void show(const char *name, uint32_t addr);
void show_write(const char *name, uint32_t addr, uint32_t v);
void val(const char *name, uint32_t v);

void distributor(void);
void cpu_interface(void);
void sgis(void);
void virtual_interface(void);
void two_cores(void);

#endif
