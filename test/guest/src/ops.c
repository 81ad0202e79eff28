/* ops: A32 instructions that compiled C rarely emits, run through inline asm
 * on fixed inputs; every result is printed in hex together with the flags
 * read back with MRS (N Z C V Q and GE[3:0]; '.' = clear).
 *
 * Unless a test says otherwise the APSR is preset to C=1 V=1 (N=Z=Q=0,
 * GE=0000) before the instruction, so flags an instruction leaves alone show
 * up as "..CV." and any Q or GE it sets is visible. */
#include <stdint.h>
#include <stdio.h>

#define PSR0 0x30000000u

typedef struct { uint32_t x, y, z; } triple;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int lines;

static const char *flags(uint32_t p)
{
    static char s[16];
    s[0] = (p >> 31) & 1 ? 'N' : '.';
    s[1] = (p >> 30) & 1 ? 'Z' : '.';
    s[2] = (p >> 29) & 1 ? 'C' : '.';
    s[3] = (p >> 28) & 1 ? 'V' : '.';
    s[4] = (p >> 27) & 1 ? 'Q' : '.';
    s[5] = ' ';
    s[6] = 'g';
    s[7] = 'e';
    s[8] = '=';
    for (int i = 0; i < 4; i++)
        s[9 + i] = (p >> (19 - i)) & 1 ? '1' : '0';
    s[13] = 0;
    return s;
}

static void line1(const char *op, uint32_t x, uint32_t r, uint32_t p)
{
    printf("%-24s %08lx                   -> %08lx  %s\n", op, x, r, flags(p));
    lines++;
}

static void line2(const char *op, uint32_t x, uint32_t y, uint32_t r, uint32_t p)
{
    printf("%-24s %08lx %08lx          -> %08lx  %s\n", op, x, y, r, flags(p));
    lines++;
}

static void line2s(const char *op, uint32_t x, uint32_t y, uint32_t r, uint32_t s, uint32_t p)
{
    printf("%-24s %08lx %08lx          -> %08lx  %s  sel %08lx\n", op, x, y, r, flags(p), s);
    lines++;
}

static void line3(const char *op, uint32_t x, uint32_t y, uint32_t z, uint32_t r, uint32_t p)
{
    printf("%-24s %08lx %08lx %08lx -> %08lx  %s\n", op, x, y, z, r, flags(p));
    lines++;
}

static void line_long(const char *op, uint32_t x, uint32_t y, uint32_t lo0, uint32_t hi0,
                      uint32_t lo, uint32_t hi, uint32_t p)
{
    printf("%-24s %08lx %08lx [%08lx:%08lx] -> %08lx:%08lx  %s\n", op, x, y, hi0, lo0, hi, lo, flags(p));
    lines++;
}

static void heading(const char *s)
{
    printf("\n== %s\n", s);
}

/* ---- operand sets -------------------------------------------------------- */

static const uint32_t xs[] = {
    0x00000000, 0x00000001, 0x7fffffff, 0x80000000, 0xffffffff,
    0x12345678, 0x000180ff, 0xff7f8001, 0x00008000, 0x7fff8000,
};

static const triple ts[] = {
    { 0x00000000, 0x00000000, 0x00000000 },
    { 0x00000001, 0xffffffff, 0x00000001 },
    { 0x7fffffff, 0x7fffffff, 0x7fffffff },
    { 0x80000000, 0x80000000, 0x80000000 },
    { 0x80000000, 0x7fffffff, 0xffffffff },
    { 0xffffffff, 0xffffffff, 0x40000000 },
    { 0x12345678, 0x9abcdef0, 0x0fedcba9 },
    { 0x00008000, 0x00008000, 0x40000000 },
    { 0x80008000, 0x80008000, 0x7fffffff },
    { 0x7f80ff01, 0x01fe7f80, 0x80000001 },
    { 0x80007fff, 0x7fff8000, 0xc0000000 },
};

static const uint32_t edges[] = { 0x00000000, 0x00000001, 0x7fffffff, 0x80000000, 0xffffffff };

/* ---- instruction runners ------------------------------------------------- */

/* r = OP x */
#define RX(label, text)                                                        \
    do {                                                                       \
        for (unsigned i_ = 0; i_ < COUNT(xs); i_++) {                          \
            uint32_t x_ = xs[i_], r_, p_;                                      \
            __asm__ volatile("msr APSR_nzcvqg, %[pi]\n\t" text "\n\t"          \
                             "mrs %[po], APSR"                                 \
                             : [r] "=&r"(r_), [po] "=&r"(p_)                   \
                             : [x] "r"(x_), [pi] "r"(PSR0)                     \
                             : "cc");                                          \
            line1(label, x_, r_, p_);                                          \
        }                                                                      \
    } while (0)

/* r = OP x, y over the operand pairs of arr */
#define RXY_ON(arr, label, text)                                               \
    do {                                                                       \
        for (unsigned i_ = 0; i_ < COUNT(arr); i_++) {                         \
            uint32_t x_ = arr[i_].x, y_ = arr[i_].y, r_, p_;                   \
            __asm__ volatile("msr APSR_nzcvqg, %[pi]\n\t" text "\n\t"          \
                             "mrs %[po], APSR"                                 \
                             : [r] "=&r"(r_), [po] "=&r"(p_)                   \
                             : [x] "r"(x_), [y] "r"(y_), [pi] "r"(PSR0)        \
                             : "cc");                                          \
            line2(label, x_, y_, r_, p_);                                      \
        }                                                                      \
    } while (0)
#define RXY(label, text) RXY_ON(ts, label, text)

/* r = OP x, y; then s = SEL x, y using the GE flags OP produced */
#define RXY_SEL(label, text)                                                   \
    do {                                                                       \
        for (unsigned i_ = 0; i_ < COUNT(ts); i_++) {                          \
            uint32_t x_ = ts[i_].x, y_ = ts[i_].y, r_, s_, p_;                 \
            __asm__ volatile("msr APSR_nzcvqg, %[pi]\n\t" text "\n\t"          \
                             "mrs %[po], APSR\n\t"                             \
                             "sel %[s], %[x], %[y]"                            \
                             : [r] "=&r"(r_), [s] "=&r"(s_), [po] "=&r"(p_)    \
                             : [x] "r"(x_), [y] "r"(y_), [pi] "r"(PSR0)        \
                             : "cc");                                          \
            line2s(label, x_, y_, r_, s_, p_);                                 \
        }                                                                      \
    } while (0)

/* r = OP x, y, z */
#define RXYZ(label, text)                                                      \
    do {                                                                       \
        for (unsigned i_ = 0; i_ < COUNT(ts); i_++) {                          \
            uint32_t x_ = ts[i_].x, y_ = ts[i_].y, z_ = ts[i_].z, r_, p_;      \
            __asm__ volatile("msr APSR_nzcvqg, %[pi]\n\t" text "\n\t"          \
                             "mrs %[po], APSR"                                 \
                             : [r] "=&r"(r_), [po] "=&r"(p_)                   \
                             : [x] "r"(x_), [y] "r"(y_), [z] "r"(z_),          \
                               [pi] "r"(PSR0)                                  \
                             : "cc");                                          \
            line3(label, x_, y_, z_, r_, p_);                                  \
        }                                                                      \
    } while (0)

/* r = z; OP r, x (bit-field insert/clear: r is read and written) */
#define RBF(label, text)                                                       \
    do {                                                                       \
        for (unsigned i_ = 0; i_ < COUNT(ts); i_++) {                          \
            uint32_t x_ = ts[i_].x, r_ = ts[i_].z, z_ = r_, p_;                \
            __asm__ volatile("msr APSR_nzcvqg, %[pi]\n\t" text "\n\t"          \
                             "mrs %[po], APSR"                                 \
                             : [r] "+&r"(r_), [po] "=&r"(p_)                   \
                             : [x] "r"(x_), [pi] "r"(PSR0)                     \
                             : "cc");                                          \
            line2(label, z_, x_, r_, p_);                                      \
        }                                                                      \
    } while (0)

/* lo:hi = OP x, y (accumulating forms read lo:hi first) */
#define RLONG(label, text)                                                     \
    do {                                                                       \
        for (unsigned i_ = 0; i_ < COUNT(ts); i_++) {                          \
            uint32_t x_ = ts[i_].x, y_ = ts[i_].y, p_;                         \
            uint32_t lo0_ = ts[i_].z, hi0_ = ts[i_].z ^ 0x5555aaaau;           \
            uint32_t lo_ = lo0_, hi_ = hi0_;                                   \
            __asm__ volatile("msr APSR_nzcvqg, %[pi]\n\t" text "\n\t"          \
                             "mrs %[po], APSR"                                 \
                             : [lo] "+&r"(lo_), [hi] "+&r"(hi_), [po] "=&r"(p_) \
                             : [x] "r"(x_), [y] "r"(y_), [pi] "r"(PSR0)        \
                             : "cc");                                          \
            line_long(label, x_, y_, lo0_, hi0_, lo_, hi_, p_);                \
        }                                                                      \
    } while (0)

/* ---- tests --------------------------------------------------------------- */

static void test_multiply(void)
{
    heading("multiply");
    RXY("mul", "mul %[r], %[x], %[y]");
    RXY("muls", "muls %[r], %[x], %[y]");
    RXYZ("mla", "mla %[r], %[x], %[y], %[z]");
    RXYZ("mlas", "mlas %[r], %[x], %[y], %[z]");
    RXYZ("mls", "mls %[r], %[x], %[y], %[z]");
    RLONG("umull", "umull %[lo], %[hi], %[x], %[y]");
    RLONG("umulls", "umulls %[lo], %[hi], %[x], %[y]");
    RLONG("smull", "smull %[lo], %[hi], %[x], %[y]");
    RLONG("smulls", "smulls %[lo], %[hi], %[x], %[y]");
    RLONG("umlal", "umlal %[lo], %[hi], %[x], %[y]");
    RLONG("umlals", "umlals %[lo], %[hi], %[x], %[y]");
    RLONG("smlal", "smlal %[lo], %[hi], %[x], %[y]");
    RLONG("smlals", "smlals %[lo], %[hi], %[x], %[y]");
    RLONG("umaal", "umaal %[lo], %[hi], %[x], %[y]");

    heading("signed halfword multiply (Q on accumulate overflow)");
    RXY("smulbb", "smulbb %[r], %[x], %[y]");
    RXY("smulbt", "smulbt %[r], %[x], %[y]");
    RXY("smultb", "smultb %[r], %[x], %[y]");
    RXY("smultt", "smultt %[r], %[x], %[y]");
    RXY("smulwb", "smulwb %[r], %[x], %[y]");
    RXY("smulwt", "smulwt %[r], %[x], %[y]");
    RXYZ("smlabb", "smlabb %[r], %[x], %[y], %[z]");
    RXYZ("smlabt", "smlabt %[r], %[x], %[y], %[z]");
    RXYZ("smlatb", "smlatb %[r], %[x], %[y], %[z]");
    RXYZ("smlatt", "smlatt %[r], %[x], %[y], %[z]");
    RXYZ("smlawb", "smlawb %[r], %[x], %[y], %[z]");
    RXYZ("smlawt", "smlawt %[r], %[x], %[y], %[z]");
    RLONG("smlalbb", "smlalbb %[lo], %[hi], %[x], %[y]");
    RLONG("smlalbt", "smlalbt %[lo], %[hi], %[x], %[y]");
    RLONG("smlaltb", "smlaltb %[lo], %[hi], %[x], %[y]");
    RLONG("smlaltt", "smlaltt %[lo], %[hi], %[x], %[y]");

    heading("dual 16-bit multiply");
    RXY("smuad", "smuad %[r], %[x], %[y]");
    RXY("smuadx", "smuadx %[r], %[x], %[y]");
    RXY("smusd", "smusd %[r], %[x], %[y]");
    RXY("smusdx", "smusdx %[r], %[x], %[y]");
    RXYZ("smlad", "smlad %[r], %[x], %[y], %[z]");
    RXYZ("smladx", "smladx %[r], %[x], %[y], %[z]");
    RXYZ("smlsd", "smlsd %[r], %[x], %[y], %[z]");
    RXYZ("smlsdx", "smlsdx %[r], %[x], %[y], %[z]");
    RLONG("smlald", "smlald %[lo], %[hi], %[x], %[y]");
    RLONG("smlaldx", "smlaldx %[lo], %[hi], %[x], %[y]");
    RLONG("smlsld", "smlsld %[lo], %[hi], %[x], %[y]");
    RLONG("smlsldx", "smlsldx %[lo], %[hi], %[x], %[y]");

    heading("most-significant-word multiply");
    RXY("smmul", "smmul %[r], %[x], %[y]");
    RXY("smmulr", "smmulr %[r], %[x], %[y]");
    RXYZ("smmla", "smmla %[r], %[x], %[y], %[z]");
    RXYZ("smmlar", "smmlar %[r], %[x], %[y], %[z]");
    RXYZ("smmls", "smmls %[r], %[x], %[y], %[z]");
    RXYZ("smmlsr", "smmlsr %[r], %[x], %[y], %[z]");

    heading("divide (by zero gives 0; 0x80000000 / -1 gives 0x80000000)");
    RXY("sdiv", "sdiv %[r], %[x], %[y]");
    RXY("udiv", "udiv %[r], %[x], %[y]");
    RXY("sdiv y,x", "sdiv %[r], %[y], %[x]");
    RXY("udiv y,x", "udiv %[r], %[y], %[x]");
    static const triple div_edges[] = {
        { 0x80000000, 0xffffffff, 0 }, { 0x80000000, 0x00000000, 0 }, { 0xffffffff, 0x00000000, 0 },
        { 0x80000000, 0x00000002, 0 }, { 0x7fffffff, 0xffffffff, 0 }, { 0xfffffff9, 0x00000002, 0 },
        { 0x00000007, 0xfffffffe, 0 }, { 0xfffffff9, 0xfffffffe, 0 }, { 0xffffffff, 0x00000010, 0 },
    };
    RXY_ON(div_edges, "sdiv", "sdiv %[r], %[x], %[y]");
    RXY_ON(div_edges, "udiv", "udiv %[r], %[x], %[y]");
}

static void test_bits(void)
{
    heading("count leading zeros, byte reverse, bit reverse");
    RX("clz", "clz %[r], %[x]");
    RX("rev", "rev %[r], %[x]");
    RX("rev16", "rev16 %[r], %[x]");
    RX("revsh", "revsh %[r], %[x]");
    RX("rbit", "rbit %[r], %[x]");

    heading("bit fields");
    RX("ubfx #0,#1", "ubfx %[r], %[x], #0, #1");
    RX("ubfx #4,#8", "ubfx %[r], %[x], #4, #8");
    RX("ubfx #31,#1", "ubfx %[r], %[x], #31, #1");
    RX("ubfx #0,#32", "ubfx %[r], %[x], #0, #32");
    RX("sbfx #0,#1", "sbfx %[r], %[x], #0, #1");
    RX("sbfx #4,#8", "sbfx %[r], %[x], #4, #8");
    RX("sbfx #15,#2", "sbfx %[r], %[x], #15, #2");
    RX("sbfx #28,#4", "sbfx %[r], %[x], #28, #4");
    RBF("bfi #0,#8", "bfi %[r], %[x], #0, #8");
    RBF("bfi #8,#16", "bfi %[r], %[x], #8, #16");
    RBF("bfi #31,#1", "bfi %[r], %[x], #31, #1");
    RBF("bfi #0,#32", "bfi %[r], %[x], #0, #32");
    RBF("bfc #4,#8", "bfc %[r], #4, #8");
    RBF("bfc #0,#32", "bfc %[r], #0, #32");

    heading("extend");
    RX("sxtb", "sxtb %[r], %[x]");
    RX("sxtb ror #8", "sxtb %[r], %[x], ror #8");
    RX("sxth", "sxth %[r], %[x]");
    RX("sxth ror #16", "sxth %[r], %[x], ror #16");
    RX("uxtb", "uxtb %[r], %[x]");
    RX("uxtb ror #24", "uxtb %[r], %[x], ror #24");
    RX("uxth", "uxth %[r], %[x]");
    RX("uxth ror #8", "uxth %[r], %[x], ror #8");
    RX("sxtb16", "sxtb16 %[r], %[x]");
    RX("sxtb16 ror #8", "sxtb16 %[r], %[x], ror #8");
    RX("uxtb16", "uxtb16 %[r], %[x]");
    RX("uxtb16 ror #24", "uxtb16 %[r], %[x], ror #24");
    RXY("sxtab", "sxtab %[r], %[x], %[y]");
    RXY("sxtab ror #16", "sxtab %[r], %[x], %[y], ror #16");
    RXY("sxtah", "sxtah %[r], %[x], %[y]");
    RXY("uxtab", "uxtab %[r], %[x], %[y]");
    RXY("uxtah ror #8", "uxtah %[r], %[x], %[y], ror #8");
    RXY("sxtab16", "sxtab16 %[r], %[x], %[y]");
    RXY("uxtab16 ror #8", "uxtab16 %[r], %[x], %[y], ror #8");

    heading("pack halfwords");
    RXY("pkhbt", "pkhbt %[r], %[x], %[y]");
    RXY("pkhbt lsl #8", "pkhbt %[r], %[x], %[y], lsl #8");
    RXY("pkhtb asr #8", "pkhtb %[r], %[x], %[y], asr #8");
    RXY("pkhtb asr #32", "pkhtb %[r], %[x], %[y], asr #32");
}

static void test_saturate(void)
{
    heading("saturating arithmetic (Q is sticky; preset clear)");
    RXY("qadd", "qadd %[r], %[x], %[y]");
    RXY("qsub", "qsub %[r], %[x], %[y]");
    RXY("qdadd", "qdadd %[r], %[x], %[y]");
    RXY("qdsub", "qdsub %[r], %[x], %[y]");
    RX("ssat #1", "ssat %[r], #1, %[x]");
    RX("ssat #8", "ssat %[r], #8, %[x]");
    RX("ssat #16", "ssat %[r], #16, %[x]");
    RX("ssat #32", "ssat %[r], #32, %[x]");
    RX("ssat #8, asr #4", "ssat %[r], #8, %[x], asr #4");
    RX("ssat #16, lsl #4", "ssat %[r], #16, %[x], lsl #4");
    RX("ssat #32, asr #31", "ssat %[r], #32, %[x], asr #31");
    RX("usat #0", "usat %[r], #0, %[x]");
    RX("usat #8", "usat %[r], #8, %[x]");
    RX("usat #31", "usat %[r], #31, %[x]");
    RX("usat #8, asr #31", "usat %[r], #8, %[x], asr #31");
    RX("usat #16, lsl #8", "usat %[r], #16, %[x], lsl #8");
    RX("ssat16 #1", "ssat16 %[r], #1, %[x]");
    RX("ssat16 #8", "ssat16 %[r], #8, %[x]");
    RX("ssat16 #16", "ssat16 %[r], #16, %[x]");
    RX("usat16 #0", "usat16 %[r], #0, %[x]");
    RX("usat16 #8", "usat16 %[r], #8, %[x]");
    RX("usat16 #15", "usat16 %[r], #15, %[x]");
}

static void test_parallel(void)
{
    heading("parallel add/subtract setting GE, then SEL");
    RXY_SEL("sadd16", "sadd16 %[r], %[x], %[y]");
    RXY_SEL("ssub16", "ssub16 %[r], %[x], %[y]");
    RXY_SEL("sasx", "sasx %[r], %[x], %[y]");
    RXY_SEL("ssax", "ssax %[r], %[x], %[y]");
    RXY_SEL("sadd8", "sadd8 %[r], %[x], %[y]");
    RXY_SEL("ssub8", "ssub8 %[r], %[x], %[y]");
    RXY_SEL("uadd16", "uadd16 %[r], %[x], %[y]");
    RXY_SEL("usub16", "usub16 %[r], %[x], %[y]");
    RXY_SEL("uasx", "uasx %[r], %[x], %[y]");
    RXY_SEL("usax", "usax %[r], %[x], %[y]");
    RXY_SEL("uadd8", "uadd8 %[r], %[x], %[y]");
    RXY_SEL("usub8", "usub8 %[r], %[x], %[y]");

    heading("parallel saturating and halving add/subtract (GE untouched)");
    RXY("qadd16", "qadd16 %[r], %[x], %[y]");
    RXY("qsub16", "qsub16 %[r], %[x], %[y]");
    RXY("qasx", "qasx %[r], %[x], %[y]");
    RXY("qsax", "qsax %[r], %[x], %[y]");
    RXY("qadd8", "qadd8 %[r], %[x], %[y]");
    RXY("qsub8", "qsub8 %[r], %[x], %[y]");
    RXY("uqadd16", "uqadd16 %[r], %[x], %[y]");
    RXY("uqsub16", "uqsub16 %[r], %[x], %[y]");
    RXY("uqasx", "uqasx %[r], %[x], %[y]");
    RXY("uqsax", "uqsax %[r], %[x], %[y]");
    RXY("uqadd8", "uqadd8 %[r], %[x], %[y]");
    RXY("uqsub8", "uqsub8 %[r], %[x], %[y]");
    RXY("shadd16", "shadd16 %[r], %[x], %[y]");
    RXY("shsub16", "shsub16 %[r], %[x], %[y]");
    RXY("shasx", "shasx %[r], %[x], %[y]");
    RXY("shsax", "shsax %[r], %[x], %[y]");
    RXY("shadd8", "shadd8 %[r], %[x], %[y]");
    RXY("shsub8", "shsub8 %[r], %[x], %[y]");
    RXY("uhadd16", "uhadd16 %[r], %[x], %[y]");
    RXY("uhsub16", "uhsub16 %[r], %[x], %[y]");
    RXY("uhasx", "uhasx %[r], %[x], %[y]");
    RXY("uhsax", "uhsax %[r], %[x], %[y]");
    RXY("uhadd8", "uhadd8 %[r], %[x], %[y]");
    RXY("uhsub8", "uhsub8 %[r], %[x], %[y]");

    heading("sum of absolute differences");
    RXY("usad8", "usad8 %[r], %[x], %[y]");
    RXYZ("usada8", "usada8 %[r], %[x], %[y], %[z]");

    heading("SEL with GE written by MSR");
    for (uint32_t ge = 0; ge < 16; ge++) {
        uint32_t r, p, x = 0x11223344, y = 0xaabbccdd;
        __asm__ volatile("msr APSR_g, %[g]\n\t"
                         "sel %[r], %[x], %[y]\n\t"
                         "mrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p)
                         : [g] "r"(ge << 16), [x] "r"(x), [y] "r"(y)
                         : "cc");
        line2("msr APSR_g; sel", x, y, r, p & 0x000f0000);
    }
}

/* Flag-setting arithmetic on edge values: r = OP x, y with C preset to c. */
#define ARITH(label, text, c)                                                  \
    do {                                                                       \
        for (unsigned i_ = 0; i_ < COUNT(edges); i_++)                         \
            for (unsigned j_ = 0; j_ < COUNT(edges); j_++) {                   \
                uint32_t x_ = edges[i_], y_ = edges[j_], r_, p_;               \
                __asm__ volatile("msr APSR_nzcvqg, %[pi]\n\t" text "\n\t"      \
                                 "mrs %[po], APSR"                             \
                                 : [r] "=&r"(r_), [po] "=&r"(p_)               \
                                 : [x] "r"(x_), [y] "r"(y_),                   \
                                   [pi] "r"((c) ? 0x20000000u : 0u)            \
                                 : "cc");                                      \
                printf("%-6s C=%d %08lx %08lx -> %08lx  %s\n", label, (c), x_, y_, \
                       r_, flags(p_));                                         \
                lines++;                                                       \
            }                                                                  \
    } while (0)

static void test_arith_flags(void)
{
    heading("flag-setting add/subtract on edge values (flags preset 0, or C=1)");
    ARITH("adds", "adds %[r], %[x], %[y]", 0);
    ARITH("adcs", "adcs %[r], %[x], %[y]", 0);
    ARITH("adcs", "adcs %[r], %[x], %[y]", 1);
    ARITH("subs", "subs %[r], %[x], %[y]", 0);
    ARITH("sbcs", "sbcs %[r], %[x], %[y]", 0);
    ARITH("sbcs", "sbcs %[r], %[x], %[y]", 1);
    ARITH("rsbs", "rsbs %[r], %[x], %[y]", 0);
    ARITH("rscs", "rscs %[r], %[x], %[y]", 0);
    ARITH("rscs", "rscs %[r], %[x], %[y]", 1);
    ARITH("cmn", "cmn %[x], %[y]\n\tmov %[r], #0", 1);
    ARITH("cmp", "cmp %[x], %[y]\n\tmov %[r], #0", 0);

    heading("logical ops: C from the shifter, V preserved (flags preset V=1, C=c)");
    ARITH("ands", "msr APSR_nzcvq, #0x10000000\n\tands %[r], %[x], %[y], lsr #1", 0);
    ARITH("eors", "msr APSR_nzcvq, #0x30000000\n\teors %[r], %[x], %[y], lsl #1", 1);
    ARITH("orrs", "msr APSR_nzcvq, #0x10000000\n\torrs %[r], %[x], %[y], asr #31", 0);
    ARITH("bics", "msr APSR_nzcvq, #0x30000000\n\tbics %[r], %[x], %[y], ror #31", 1);
    ARITH("teq", "msr APSR_nzcvq, #0x10000000\n\tteq %[x], %[y], lsl #31\n\tmov %[r], #0", 0);
    ARITH("tst", "msr APSR_nzcvq, #0x30000000\n\ttst %[x], %[y]\n\tmov %[r], #0", 1);

    heading("immediate operands: a rotated immediate sets C from its bit 31");
    uint32_t r, p;
    __asm__ volatile("msr APSR_nzcvq, #0\n\tmovs %[r], #0xff000000\n\tmrs %[p], APSR"
                     : [r] "=&r"(r), [p] "=&r"(p) : : "cc");
    line1("movs #0xff000000 (C=0)", 0, r, p);
    __asm__ volatile("msr APSR_nzcvq, #0x20000000\n\tmovs %[r], #0xff\n\tmrs %[p], APSR"
                     : [r] "=&r"(r), [p] "=&r"(p) : : "cc");
    line1("movs #0xff (C=1)", 0, r, p);
    __asm__ volatile("msr APSR_nzcvq, #0x20000000\n\tmovs %[r], #0x3f0\n\tmrs %[p], APSR"
                     : [r] "=&r"(r), [p] "=&r"(p) : : "cc");
    line1("movs #0x3f0 (C=1)", 0, r, p);
    __asm__ volatile("msr APSR_nzcvq, #0x20000000\n\tmvns %[r], #0x0000ff00\n\tmrs %[p], APSR"
                     : [r] "=&r"(r), [p] "=&r"(p) : : "cc");
    line1("mvns #0xff00 (C=1)", 0, r, p);
    __asm__ volatile("msr APSR_nzcvq, #0\n\tmvns %[r], #0x80000001\n\tmrs %[p], APSR"
                     : [r] "=&r"(r), [p] "=&r"(p) : : "cc");
    line1("mvns #0x80000001 (C=0)", 0, r, p);
    for (unsigned i = 0; i < COUNT(edges); i++) {
        uint32_t x = edges[i];
        __asm__ volatile("msr APSR_nzcvq, #0\n\tands %[r], %[x], #0xc0000000\n\tmrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x) : "cc");
        line1("ands #0xc0000000 (C=0)", x, r, p);
        __asm__ volatile("msr APSR_nzcvq, #0x20000000\n\tadds %[r], %[x], #0x80000000\n\tmrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x) : "cc");
        line1("adds #0x80000000 (C=1)", x, r, p);
        __asm__ volatile("msr APSR_nzcvq, #0\n\trsbs %[r], %[x], #0\n\tmrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x) : "cc");
        line1("rsbs #0 (negate)", x, r, p);
    }
}

static const char *const shift_names[4] = { "lsl", "lsr", "asr", "ror" };

static void test_shifts(void)
{
    heading("shift by register (bottom byte of the amount), MOVS sets C");
    static const uint32_t vals[] = { 0x80000001, 0x40000002 };
    static const uint32_t amounts[] = { 0, 1, 2, 31, 32, 33, 255, 256, 257 };
    for (unsigned v = 0; v < COUNT(vals); v++)
        for (unsigned k = 0; k < 4; k++)
            for (unsigned a = 0; a < COUNT(amounts); a++)
                for (uint32_t c = 0; c < 2; c++) {
                    uint32_t x = vals[v], n = amounts[a], r, p, pi = c << 29;
                    switch (k) {
                    case 0:
                        __asm__ volatile("msr APSR_nzcvq, %[pi]\n\tmovs %[r], %[x], lsl %[n]\n\tmrs %[p], APSR"
                                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x), [n] "r"(n), [pi] "r"(pi) : "cc");
                        break;
                    case 1:
                        __asm__ volatile("msr APSR_nzcvq, %[pi]\n\tmovs %[r], %[x], lsr %[n]\n\tmrs %[p], APSR"
                                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x), [n] "r"(n), [pi] "r"(pi) : "cc");
                        break;
                    case 2:
                        __asm__ volatile("msr APSR_nzcvq, %[pi]\n\tmovs %[r], %[x], asr %[n]\n\tmrs %[p], APSR"
                                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x), [n] "r"(n), [pi] "r"(pi) : "cc");
                        break;
                    default:
                        __asm__ volatile("msr APSR_nzcvq, %[pi]\n\tmovs %[r], %[x], ror %[n]\n\tmrs %[p], APSR"
                                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x), [n] "r"(n), [pi] "r"(pi) : "cc");
                        break;
                    }
                    printf("movs %08lx, %s %3lu  C=%lu -> %08lx  %s\n", x, shift_names[k], n, c, r, flags(p));
                    lines++;
                }

    heading("shift by immediate, RRX (flags preset C=c)");
#define SHIMM(label, text)                                                     \
    for (unsigned v = 0; v < COUNT(vals); v++)                                 \
        for (uint32_t c = 0; c < 2; c++) {                                     \
            uint32_t x = vals[v], r, p;                                        \
            __asm__ volatile("msr APSR_nzcvq, %[pi]\n\t" text "\n\tmrs %[p], APSR" \
                             : [r] "=&r"(r), [p] "=&r"(p)                      \
                             : [x] "r"(x), [pi] "r"(c << 29)                   \
                             : "cc");                                          \
            printf("%-16s C=%lu %08lx -> %08lx  %s\n", label, c, x, r, flags(p)); \
            lines++;                                                           \
        }
    SHIMM("movs (lsl #0)", "movs %[r], %[x]");
    SHIMM("movs lsl #1", "movs %[r], %[x], lsl #1");
    SHIMM("movs lsl #31", "movs %[r], %[x], lsl #31");
    SHIMM("movs lsr #1", "movs %[r], %[x], lsr #1");
    SHIMM("movs lsr #32", "movs %[r], %[x], lsr #32");
    SHIMM("movs asr #1", "movs %[r], %[x], asr #1");
    SHIMM("movs asr #32", "movs %[r], %[x], asr #32");
    SHIMM("movs ror #1", "movs %[r], %[x], ror #1");
    SHIMM("movs ror #31", "movs %[r], %[x], ror #31");
    SHIMM("movs rrx", "movs %[r], %[x], rrx");
    SHIMM("mov rrx", "mov %[r], %[x], rrx");
    SHIMM("adcs x, x, rrx", "adcs %[r], %[x], %[x], rrx");
    SHIMM("adds x, x, asr #32", "adds %[r], %[x], %[x], asr #32");
#undef SHIMM

    heading("register-shifted register operands");
    for (unsigned a = 0; a < COUNT(amounts); a++) {
        uint32_t x = 0x12345678, y = 0x80000001, n = amounts[a], r, p;
        __asm__ volatile("msr APSR_nzcvq, #0\n\tadds %[r], %[x], %[y], lsl %[n]\n\tmrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x), [y] "r"(y), [n] "r"(n) : "cc");
        printf("adds %08lx, %08lx, lsl %3lu -> %08lx  %s\n", x, y, n, r, flags(p));
        __asm__ volatile("msr APSR_nzcvq, #0x20000000\n\tsbcs %[r], %[x], %[y], asr %[n]\n\tmrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x), [y] "r"(y), [n] "r"(n) : "cc");
        printf("sbcs %08lx, %08lx, asr %3lu -> %08lx  %s\n", x, y, n, r, flags(p));
        __asm__ volatile("msr APSR_nzcvq, #0\n\tands %[r], %[x], %[y], ror %[n]\n\tmrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p) : [x] "r"(x), [y] "r"(y), [n] "r"(n) : "cc");
        printf("ands %08lx, %08lx, ror %3lu -> %08lx  %s\n", x, y, n, r, flags(p));
        __asm__ volatile("msr APSR_nzcvq, #0x20000000\n\tmvns %[r], %[y], lsr %[n]\n\tmrs %[p], APSR"
                         : [r] "=&r"(r), [p] "=&r"(p) : [y] "r"(y), [n] "r"(n) : "cc");
        printf("mvns %08lx, lsr %3lu           -> %08lx  %s\n", y, n, r, flags(p));
        lines += 4;
    }
}

static void test_conditions(void)
{
    heading("condition codes: which of the 16 NZCV values pass (bit i = NZCV value i)");
    uint32_t m[16];
    for (uint32_t f = 0; f < 16; f++) {
        uint32_t r;
        __asm__ volatile("msr APSR_nzcvq, %[f]\n\t"
                         "mov %[r], #0\n\t"
                         "orreq %[r], %[r], #0x1\n\t"
                         "orrne %[r], %[r], #0x2\n\t"
                         "orrcs %[r], %[r], #0x4\n\t"
                         "orrcc %[r], %[r], #0x8\n\t"
                         "orrmi %[r], %[r], #0x10\n\t"
                         "orrpl %[r], %[r], #0x20\n\t"
                         "orrvs %[r], %[r], #0x40\n\t"
                         "orrvc %[r], %[r], #0x80\n\t"
                         "orrhi %[r], %[r], #0x100\n\t"
                         "orrls %[r], %[r], #0x200\n\t"
                         "orrge %[r], %[r], #0x400\n\t"
                         "orrlt %[r], %[r], #0x800\n\t"
                         "orrgt %[r], %[r], #0x1000\n\t"
                         "orrle %[r], %[r], #0x2000\n\t"
                         "orral %[r], %[r], #0x4000"
                         : [r] "=&r"(r)
                         : [f] "r"(f << 28)
                         : "cc");
        m[f] = r;
    }
    static const char *const names[15] = { "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                           "hi", "ls", "ge", "lt", "gt", "le", "al" };
    for (int c = 0; c < 15; c++) {
        uint32_t mask = 0;
        for (int f = 0; f < 16; f++)
            mask |= ((m[f] >> c) & 1) << f;
        printf("%s: %04lx\n", names[c], mask);
        lines++;
    }

    /* Conditional loads, stores and flag setting. */
    static uint32_t cell[2] = { 0x11111111, 0x22222222 };
    uint32_t r1, r2, p;
    __asm__ volatile("msr APSR_nzcvq, #0x40000000\n\t" /* Z=1 */
                     "mov %[a], #1\n\t"
                     "mov %[b], #2\n\t"
                     "ldrne %[a], [%[c]]\n\t"          /* skipped */
                     "ldreq %[b], [%[c], #4]\n\t"      /* taken */
                     "strne %[b], [%[c]]\n\t"          /* skipped */
                     "addseq %[a], %[a], %[m1]\n\t"  /* taken: 1 + -1 = 0, C=1 Z=1 */
                     "subsne %[b], %[b], #1\n\t"       /* skipped: Z is still 1 */
                     "mrs %[p], APSR"
                     : [a] "=&r"(r1), [b] "=&r"(r2), [p] "=&r"(p)
                     : [c] "r"(cell), [m1] "r"(0xffffffffu)
                     : "cc", "memory");
    printf("conditional ldr/str/adds: a=%08lx b=%08lx mem=%08lx %08lx  %s\n", r1, r2, cell[0], cell[1],
           flags(p));
    lines++;
}

static uint32_t exw __attribute__((aligned(8)));
static uint8_t exb[4] __attribute__((aligned(4)));
static uint16_t exh[2] __attribute__((aligned(4)));
static uint32_t exd[2] __attribute__((aligned(8)));

static void test_exclusive(void)
{
    heading("LDREX/STREX and the local monitor");
    uint32_t v1, v2, s1, s2, s3, s4;
    exw = 0x11111111;
    __asm__ volatile("ldrex %[v1], [%[a]]\n\t"
                     "add %[v1], %[v1], #1\n\t"
                     "strex %[s1], %[v1], [%[a]]\n\t"      /* succeeds: 0 */
                     "strex %[s2], %[v1], [%[a]]\n\t"      /* monitor now open: fails, 1 */
                     "ldrex %[v2], [%[a]]\n\t"
                     "clrex\n\t"
                     "strex %[s3], %[v1], [%[a]]\n\t"      /* cleared: fails, 1 */
                     "ldrex %[v2], [%[a]]\n\t"
                     "add %[v2], %[v2], #0x100\n\t"
                     "strex %[s4], %[v2], [%[a]]"          /* succeeds: 0 */
                     : [v1] "=&r"(v1), [v2] "=&r"(v2), [s1] "=&r"(s1), [s2] "=&r"(s2),
                       [s3] "=&r"(s3), [s4] "=&r"(s4)
                     : [a] "r"(&exw)
                     : "memory");
    printf("ldrex/strex: status %lu %lu %lu %lu, memory %08lx\n", s1, s2, s3, s4, exw);

    exb[0] = 0xf0; exb[1] = 0x0f;
    exh[0] = 0x8001; exh[1] = 0x7ffe;
    uint32_t b, h, sb, sh;
    __asm__ volatile("ldrexb %[b], [%[pb]]\n\t"
                     "add %[b], %[b], #0x11\n\t"           /* 0x101, stored as a byte: 0x01 */
                     "strexb %[sb], %[b], [%[pb]]\n\t"
                     "ldrexh %[h], [%[ph]]\n\t"
                     "add %[h], %[h], #0x10000\n\t"
                     "add %[h], %[h], #0x00ff\n\t"         /* stored as a halfword: 0x8100 */
                     "strexh %[sh], %[h], [%[ph]]"
                     : [b] "=&r"(b), [h] "=&r"(h), [sb] "=&r"(sb), [sh] "=&r"(sh)
                     : [pb] "r"(exb), [ph] "r"(exh)
                     : "memory");
    printf("ldrexb/strexb: value %08lx status %lu memory %02x %02x\n", b, sb, exb[0], exb[1]);
    printf("ldrexh/strexh: value %08lx status %lu memory %04x %04x\n", h, sh, exh[0], exh[1]);

    exd[0] = 0xffffffff; exd[1] = 0x00000001;
    uint32_t lo, hi, sd;
    {
        register uint32_t r2 __asm__("r2");
        register uint32_t r3 __asm__("r3");
        __asm__ volatile("ldrexd r2, r3, [%[a]]\n\t"
                         "adds r2, r2, #1\n\t"
                         "adc r3, r3, #0\n\t"               /* 64-bit increment */
                         "strexd %[s], r2, r3, [%[a]]"
                         : "=&r"(r2), "=&r"(r3), [s] "=&r"(sd)
                         : [a] "r"(exd)
                         : "cc", "memory");
        lo = r2;
        hi = r3;
    }
    printf("ldrexd/strexd: value %08lx:%08lx status %lu memory %08lx:%08lx\n", hi, lo, sd, exd[1], exd[0]);
    lines += 4;
}

static uint32_t mem[16] __attribute__((aligned(8)));

static void fill_mem(void)
{
    for (int i = 0; i < 16; i++)
        mem[i] = 0xa0a0a000u + (uint32_t)i;
}

static void show_mem(const char *what, uint32_t *base_after)
{
    printf("%-34s base %+3ld words:", what, (long)(base_after - mem));
    for (int i = 0; i < 16; i++)
        printf(" %02lx", mem[i] & 0xff);
    printf("\n");
    lines++;
}

static void test_memory(void)
{
    heading("LDRD/STRD");
    fill_mem();
    uint32_t *b = mem + 4;
    uint32_t lo, hi;
    __asm__ volatile("mov r2, #0x11\n\tmov r3, #0x22\n\tstrd r2, r3, [%[b], #8]"
                     : : [b] "r"(b) : "r2", "r3", "memory");
    show_mem("strd r2, r3, [b, #8]", b);
    __asm__ volatile("mov r2, #0x33\n\tmov r3, #0x44\n\tstrd r2, r3, [%[b], #-8]!"
                     : [b] "+r"(b) : : "r2", "r3", "memory");
    show_mem("strd r2, r3, [b, #-8]!", b);
    __asm__ volatile("mov r2, #0x55\n\tmov r3, #0x66\n\tstrd r2, r3, [%[b]], #24"
                     : [b] "+r"(b) : : "r2", "r3", "memory");
    show_mem("strd r2, r3, [b], #24", b);
    {
        register uint32_t r4 __asm__("r4");
        register uint32_t r5 __asm__("r5");
        uint32_t idx = 8;
        __asm__ volatile("ldrd r4, r5, [%[b], -%[i]]" : "=r"(r4), "=r"(r5) : [b] "r"(b), [i] "r"(idx) : "memory");
        lo = r4; hi = r5;
        printf("ldrd r4, r5, [b, -r(8)]            -> %08lx %08lx\n", lo, hi);
        __asm__ volatile("ldrd r4, r5, [%[b], %[i]]!" : "=r"(r4), "=r"(r5), [b] "+r"(b) : [i] "r"(idx) : "memory");
        lo = r4; hi = r5;
        printf("ldrd r4, r5, [b, r(8)]!            -> %08lx %08lx\n", lo, hi);
        show_mem("  (after ldrd writeback)", b);
        __asm__ volatile("ldrd r4, r5, [%[b]], #-16" : "=r"(r4), "=r"(r5), [b] "+r"(b) : : "memory");
        lo = r4; hi = r5;
        printf("ldrd r4, r5, [b], #-16             -> %08lx %08lx\n", lo, hi);
        show_mem("  (after ldrd post-index)", b);
        lines += 3;
    }

    heading("LDM/STM addressing modes and writeback");
#define STM(label, text, start)                                                \
    do {                                                                       \
        fill_mem();                                                            \
        uint32_t *p_ = mem + (start);                                          \
        __asm__ volatile("mov r0, #0xb0\n\tmov r1, #0xb1\n\tmov r2, #0xb2\n\tmov r3, #0xb3\n\t" \
                         text                                                  \
                         : [b] "+r"(p_) : : "r0", "r1", "r2", "r3", "memory"); \
        show_mem(label, p_);                                                   \
    } while (0)
    STM("stmia b, {r0-r3}", "stmia %[b], {r0-r3}", 4);
    STM("stmia b!, {r0-r3}", "stmia %[b]!, {r0-r3}", 4);
    STM("stmib b!, {r0-r3}", "stmib %[b]!, {r0-r3}", 4);
    STM("stmda b!, {r0-r3}", "stmda %[b]!, {r0-r3}", 8);
    STM("stmdb b!, {r0-r3}", "stmdb %[b]!, {r0-r3}", 8);
    STM("stmdb b!, {r0, r2}", "stmdb %[b]!, {r0, r2}", 8);
    STM("stmia b!, {r3}", "stmia %[b]!, {r3}", 8);
#undef STM

#define LDM(label, text, start)                                                \
    do {                                                                       \
        fill_mem();                                                            \
        uint32_t *p_ = mem + (start), v0_, v1_, v2_, v3_;                      \
        __asm__ volatile("mov r0, #0\n\tmov r1, #0\n\tmov r2, #0\n\tmov r3, #0\n\t" \
                         text "\n\t"                                           \
                         "mov %[v0], r0\n\tmov %[v1], r1\n\tmov %[v2], r2\n\tmov %[v3], r3" \
                         : [b] "+r"(p_), [v0] "=r"(v0_), [v1] "=r"(v1_),      \
                           [v2] "=r"(v2_), [v3] "=r"(v3_)                      \
                         : : "r0", "r1", "r2", "r3", "memory");                \
        printf("%-34s base %+3ld words: r0-r3 = %02lx %02lx %02lx %02lx\n", label, \
               (long)(p_ - mem), v0_ & 0xff, v1_ & 0xff, v2_ & 0xff, v3_ & 0xff); \
        lines++;                                                               \
    } while (0)
    LDM("ldmia b, {r0-r3}", "ldmia %[b], {r0-r3}", 4);
    LDM("ldmia b!, {r0-r3}", "ldmia %[b]!, {r0-r3}", 4);
    LDM("ldmib b!, {r0-r3}", "ldmib %[b]!, {r0-r3}", 4);
    LDM("ldmda b!, {r0-r3}", "ldmda %[b]!, {r0-r3}", 8);
    LDM("ldmdb b!, {r0-r3}", "ldmdb %[b]!, {r0-r3}", 8);
    LDM("ldmdb b!, {r1, r3}", "ldmdb %[b]!, {r1, r3}", 8);
    LDM("ldmib b, {r2}", "ldmib %[b], {r2}", 8);
#undef LDM

    heading("byte/halfword loads and stores, index modes");
    static uint8_t bytes[16] __attribute__((aligned(4))) = {
        0x01, 0x80, 0x7f, 0xff, 0x34, 0x12, 0xcd, 0xab, 0x00, 0x80, 0xff, 0x7f, 0x55, 0xaa, 0x0f, 0xf0,
    };
    uint8_t *bp = bytes + 4;
    uint32_t v, k = 2;
    __asm__ volatile("ldrsb %[v], [%[b], #-3]" : [v] "=r"(v) : [b] "r"(bp) : "memory");
    printf("ldrsb [b, #-3]        -> %08lx\n", v);
    __asm__ volatile("ldrb %[v], [%[b], #-3]" : [v] "=r"(v) : [b] "r"(bp) : "memory");
    printf("ldrb  [b, #-3]        -> %08lx\n", v);
    __asm__ volatile("ldrsh %[v], [%[b], #4]" : [v] "=r"(v) : [b] "r"(bp) : "memory");
    printf("ldrsh [b, #4]         -> %08lx\n", v);
    __asm__ volatile("ldrh %[v], [%[b], %[k]]" : [v] "=r"(v) : [b] "r"(bp), [k] "r"(k) : "memory");
    printf("ldrh  [b, r(2)]       -> %08lx\n", v);
    __asm__ volatile("ldrsh %[v], [%[b], -%[k]]!" : [v] "=r"(v), [b] "+r"(bp) : [k] "r"(k) : "memory");
    printf("ldrsh [b, -r(2)]!     -> %08lx  base %+ld\n", v, (long)(bp - bytes));
    __asm__ volatile("ldrsb %[v], [%[b]], #7" : [v] "=r"(v), [b] "+r"(bp) : : "memory");
    printf("ldrsb [b], #7         -> %08lx  base %+ld\n", v, (long)(bp - bytes));
    __asm__ volatile("ldrb %[v], [%[b], %[k], lsl #1]" : [v] "=r"(v) : [b] "r"(bp), [k] "r"(k) : "memory");
    printf("ldrb  [b, r(2), lsl #1] -> %08lx\n", v);
    __asm__ volatile("ldr %[v], [%[b], -%[k], lsl #1]" : [v] "=r"(v) : [b] "r"(bytes + 12), [k] "r"(k) : "memory");
    printf("ldr   [bytes+12, -r(2), lsl #1] -> %08lx\n", v);
    bp = bytes + 10;
    v = 0x12345678;
    __asm__ volatile("strh %[v], [%[b], #-2]!" : [b] "+r"(bp) : [v] "r"(v) : "memory");
    __asm__ volatile("strb %[v], [%[b]], #-1" : [b] "+r"(bp) : [v] "r"(v) : "memory");
    __asm__ volatile("strb %[v], [%[b], -%[k], asr #1]" : : [b] "r"(bp), [k] "r"(k), [v] "r"(v >> 8) : "memory");
    printf("strh/strb: base %+ld, bytes:", (long)(bp - bytes));
    for (int i = 0; i < 16; i++)
        printf(" %02x", bytes[i]);
    printf("\n");
    lines += 9;

    heading("PC-relative reads (PC reads as the instruction address + 8)");
    uint32_t here, pcv, word;
    __asm__ volatile("1: mov %[pc], pc\n\t"
                     "adr %[here], 1b"
                     : [pc] "=&r"(pcv), [here] "=&r"(here));
    printf("mov r, pc - address of that mov = %lu\n", pcv - here);
    __asm__ volatile("ldr r0, [pc, #-8]\n\t"      /* loads its own encoding */
                     "mov %[w], r0"
                     : [w] "=r"(word) : : "r0");
    printf("ldr r0, [pc, #-8] loads its own encoding: %08lx\n", word);
    __asm__ volatile("2: add %[pc], pc, #4\n\t"
                     "adr %[here], 2b"
                     : [pc] "=&r"(pcv), [here] "=&r"(here));
    printf("add r, pc, #4 - its address = %lu\n", pcv - here);
    lines += 3;
}

static void test_status_and_modes(void)
{
    heading("MRS/MSR");
    uint32_t cpsr, p;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    printf("cpsr mode/mask bits: %03lx (expected 1d3: SVC, A I F masked, ARM state)\n", cpsr & 0x3ff);
    __asm__ volatile("msr APSR_nzcvq, #0xf8000000\n\tmrs %0, APSR" : "=r"(p) : : "cc");
    printf("msr APSR_nzcvq, #0xf8000000       -> %08lx  %s\n", p & 0xf80f0000, flags(p));
    __asm__ volatile("msr APSR_nzcvq, #0\n\tmrs %0, APSR" : "=r"(p) : : "cc");
    printf("msr APSR_nzcvq, #0                -> %08lx  %s\n", p & 0xf80f0000, flags(p));
    __asm__ volatile("msr APSR_g, %1\n\tmrs %0, APSR" : "=r"(p) : "r"(0x000a0000u) : "cc");
    printf("msr APSR_g, #0x000a0000           -> %08lx  %s\n", p & 0xf80f0000, flags(p));
    uint32_t before, after;
    __asm__ volatile("mrs %[b], cpsr\n\t"
                     "msr APSR_nzcvqg, %[all]\n\t"
                     "mrs %[a], cpsr\n\t"
                     "msr APSR_nzcvqg, %[none]"
                     : [b] "=&r"(before), [a] "=&r"(after)
                     : [all] "r"(0xffffffffu), [none] "r"(0u)
                     : "cc");
    printf("msr APSR_nzcvqg, #0xffffffff      -> flags %08lx, other bits %s\n", after & 0xf80f0000,
           (after & 0x07f0ffff) == (before & 0x07f0ffff) ? "unchanged" : "CHANGED");
    lines += 5;

    heading("banked registers across modes (CPS)");
    uint32_t irq_sp, irq_lr, irq_spsr, sys_sp, fiq_r8, svc_r8, svc_sp_before, svc_sp_after;
    __asm__ volatile("mov %[spb], sp\n\t"
                     "mov r8, #0x88\n\t"
                     "cps #0x12\n\t"                     /* IRQ */
                     "movw sp, #0x1212\n\t"
                     "movt sp, #0x1212\n\t"
                     "movw lr, #0x12ee\n\t"
                     "movt lr, #0x12ee\n\t"
                     "movw r0, #0x01d2\n\t"
                     "movt r0, #0x8000\n\t"
                     "msr spsr_fsxc, r0\n\t"
                     "cps #0x11\n\t"                     /* FIQ: r8-r12 are banked */
                     "mov r8, #0xf8\n\t"
                     "cps #0x1f\n\t"                     /* System: user registers */
                     "movw sp, #0x1f1f\n\t"
                     "movt sp, #0x1f1f\n\t"
                     "cps #0x12\n\t"
                     "mov r1, sp\n\t"
                     "mov r2, lr\n\t"
                     "mrs r3, spsr\n\t"
                     "cps #0x11\n\t"
                     "mov r0, r8\n\t"                    /* r0 is not banked, r12 is */
                     "cps #0x13\n\t"
                     "mov r12, r0\n\t"
                     "cps #0x1f\n\t"
                     "mov r0, sp\n\t"
                     "cps #0x13\n\t"                     /* back to SVC */
                     "mov %[spa], sp\n\t"
                     "mov %[isp], r1\n\t"
                     "mov %[ilr], r2\n\t"
                     "mov %[ispsr], r3\n\t"
                     "mov %[ssp], r0\n\t"
                     "mov %[f8], r12\n\t"
                     "mov %[s8], r8"
                     : [spb] "=&r"(svc_sp_before), [spa] "=&r"(svc_sp_after), [isp] "=&r"(irq_sp),
                       [ilr] "=&r"(irq_lr), [ispsr] "=&r"(irq_spsr), [ssp] "=&r"(sys_sp),
                       [f8] "=&r"(fiq_r8), [s8] "=&r"(svc_r8)
                     :
                     : "r0", "r1", "r2", "r3", "r8", "r12", "memory");
    printf("irq sp=%08lx lr=%08lx spsr=%08lx, sys sp=%08lx, fiq r8=%02lx, svc r8=%02lx, svc sp %s\n",
           irq_sp, irq_lr, irq_spsr, sys_sp, fiq_r8, svc_r8,
           svc_sp_after == svc_sp_before ? "preserved" : "CHANGED");
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    printf("cpsr mode/mask bits: %03lx\n", cpsr & 0x3ff);
    lines += 2;
}

static void test_misc(void)
{
    heading("misc");
    uint32_t r;
    __asm__ volatile("movw %0, #0xbeef\n\tmovt %0, #0xdead" : "=r"(r));
    printf("movw/movt                         -> %08lx\n", r);
    __asm__ volatile("mov %0, #0\n\tnop\n\tyield\n\tdmb ish\n\tdsb sy\n\tisb\n\tadd %0, %0, #1" : "=&r"(r) : : "memory");
    printf("nop/yield/dmb/dsb/isb             -> %08lx\n", r);
    uint32_t x = 0x0000ff00, y;
    __asm__ volatile("rsb %0, %1, %1, lsl #4" : "=r"(y) : "r"(x));
    printf("rsb r, x, x, lsl #4 (x=%08lx)   -> %08lx\n", x, y);
    __asm__ volatile("bic %0, %1, #0xf000000f" : "=r"(y) : "r"(0xffffffffu));
    printf("bic #0xf000000f                   -> %08lx\n", y);
    __asm__ volatile("mvn %0, %1, ror #4" : "=r"(y) : "r"(0x0000000fu));
    printf("mvn 0000000f, ror #4              -> %08lx\n", y);
    lines += 5;
}

int main(void)
{
    printf("ops: A32 instruction tests\n");
    printf("flags: N Z C V Q and GE[3:0]; preset C=1 V=1 unless stated\n");
    test_multiply();
    test_bits();
    test_saturate();
    test_parallel();
    test_arith_flags();
    test_shifts();
    test_conditions();
    test_exclusive();
    test_memory();
    test_status_and_modes();
    test_misc();
    printf("\nops: %d result lines\n", lines);
    return 0;
}
