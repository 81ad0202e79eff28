/* Prints each CP14 access as value, UNDEF or the Hyp trap syndrome, in Hyp, SVC and User mode. */
struct probe { const char *name; unsigned (*fn)(unsigned); };
#include "probes.h"
#define N (sizeof probes / sizeof probes[0])
volatile unsigned g_undef, g_trap, g_hsr, g_hi, g_boot_cpsr, g_saved_sp, g_buf[4];
extern unsigned hvc_call(unsigned fn, unsigned arg);
extern void semi(unsigned op, const void *arg);
extern void run_user(void (*fn)(void));
static char line[128];
static void puts_(const char *s) { semi(4, s); }
static char *hex(char *p, unsigned v) {
  for (int i = 28; i >= 0; i -= 4) *p++ = "0123456789abcdef"[(v >> i) & 15];
  return p;
}
static char *str(char *p, const char *s) { while (*s) *p++ = *s++; return p; }
/* r[i] = value, k[i] = 0 value / 1 undef / 2 trap (hsr in h[i]) */
static unsigned r[N], k[N], h[N], hi[N];
static void run_all(void) {
  for (unsigned i = 0; i < N; i++) {
    g_undef = 0; g_trap = 0; g_hi = 0xbad;
    unsigned v = probes[i].fn(0x00001234 + 0x10 * i);
    r[i] = v; hi[i] = g_hi; h[i] = g_hsr;
    k[i] = g_undef ? 1 : g_trap ? 2 : 0;
  }
}
static void report(const char *tag) {
  for (unsigned i = 0; i < N; i++) {
    char *p = str(line, tag); *p++ = ' ';
    p = str(p, probes[i].name); *p++ = ' ';
    if (k[i] == 1) p = str(p, "UNDEF");
    else if (k[i] == 2) { p = str(p, "HSR="); p = hex(p, h[i]); }
    else { p = hex(p, r[i]); if (hi[i] != 0xbad) { *p++ = ':'; p = hex(p, hi[i]); } }
    *p++ = '\n'; *p = 0;
    puts_(line);
  }
}
void hyp_main(void) {
  char *p = str(line, "boot_cpsr "); p = hex(p, g_boot_cpsr); *p++ = '\n'; *p = 0; puts_(line);
  run_all(); report("hyp");
}
static void cfg(unsigned hdcr, unsigned hstr, unsigned hcptr) {
  hvc_call(1, hdcr); hvc_call(2, hstr); hvc_call(3, hcptr);
}
void svc_main(void) {
  char *p = str(line, "hdcr_reset "); p = hex(p, hvc_call(4, 0)); *p++ = '\n'; *p = 0; puts_(line);
  cfg(0, 0, 0);
  run_all(); report("svc");
  run_all(); report("svc2");
  run_user(run_all); report("usr");
  cfg(1 << 9, 0, 0); run_all(); report("svc_tda"); run_user(run_all); report("usr_tda");
  cfg(1 << 10, 0, 0); run_all(); report("svc_tdosa");
  cfg(1 << 11, 0, 0); run_all(); report("svc_tdra"); run_user(run_all); report("usr_tdra");
  cfg(0, 1 << 16, 0); run_all(); report("svc_ttee"); run_user(run_all); report("usr_ttee");
  cfg(0, 0, 1 << 20); run_all(); report("svc_tta");
  cfg(0, 0, 0);
  semi(0x18, (void *)0x20026);
}
