/* div64: 64-bit integer arithmetic torture. Signed and unsigned 64-bit
 * multiply, divide and remainder (libgcc's __aeabi_ldivmod/__aeabi_uldivmod),
 * shifts by every amount 0..63, comparisons, widening 32x32->64 multiplies,
 * and 32-bit division edge cases (hardware SDIV/UDIV and libgcc's software
 * __aeabi_idiv/__aeabi_uidivmod). Never divides by zero or INT_MIN by -1.
 * Everything is folded into a running FNV-1a hash that is printed at
 * checkpoints, together with some sample values. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t hash = 0xcbf29ce484222325ull;
static int failures;

static void mix(uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        hash ^= (v >> (8 * i)) & 0xff;
        hash *= 0x100000001b3ull;
    }
}

static void checkpoint(const char *what)
{
    printf("hash after %-22s %016llx\n", what, (unsigned long long)hash);
}

static void fail(const char *what, uint64_t a, uint64_t b)
{
    if (failures++ < 10)
        printf("FAIL %s a=%016llx b=%016llx\n", what, (unsigned long long)a, (unsigned long long)b);
}

static uint64_t xs64 = 0x9e3779b97f4a7c15ull;
static uint64_t xorshift64(void)
{
    uint64_t x = xs64;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return xs64 = x;
}

#define NV 64
static uint64_t vals[NV];

static const uint64_t edges[] = {
    0, 1, 2, 3, 7, 10, 255, 1000000007ull,
    0x7fffffffull, 0x80000000ull, 0xffffffffull, 0x100000000ull, 0x100000001ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
    0xffffffffffffffffull, 0xfffffffffffffffeull, 0xffffffff00000000ull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000001ffffffffull,
    0xfffffffe00000001ull, 0x0000ffff0000ffffull,
};

/* Compiler barrier: keeps constant operands from being folded away. */
static uint64_t opaque64(uint64_t v)
{
    __asm__("" : "+r"(v));
    return v;
}

static uint32_t opaque32(uint32_t v)
{
    __asm__("" : "+r"(v));
    return v;
}

#ifdef __arm__
/* libgcc's run-time helpers, called directly so that the software division
 * routines run even though the compiler uses SDIV/UDIV for '/' and '%'. */
int __aeabi_idiv(int, int);
unsigned __aeabi_uidiv(unsigned, unsigned);
unsigned long long __aeabi_uidivmod(unsigned, unsigned); /* r0 = quotient, r1 = remainder */
long long __aeabi_idivmod(int, int);
#define SW_IDIV(a, b) __aeabi_idiv(a, b)
#define SW_UDIV(a, b) __aeabi_uidiv(a, b)
#define SW_UDIVMOD(a, b) __aeabi_uidivmod(a, b)
#define SW_IDIVMOD(a, b) ((unsigned long long)__aeabi_idivmod(a, b))
#else
#define SW_IDIV(a, b) ((a) / (b))
#define SW_UDIV(a, b) ((a) / (b))
#define SW_UDIVMOD(a, b) (((unsigned long long)((a) % (b)) << 32) | ((a) / (b)))
#define SW_IDIVMOD(a, b) (((unsigned long long)(uint32_t)((a) % (b)) << 32) | (uint32_t)((a) / (b)))
#endif

static void test_div64(void)
{
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            uint64_t a = opaque64(vals[i]), b = opaque64(vals[j]);
            if (b == 0)
                continue;
            uint64_t q = a / b, r = a % b;
            mix(q);
            mix(r);
            if (q * b + r != a || r >= b)
                fail("udiv64", a, b);
            int64_t sa = (int64_t)a, sb = (int64_t)b;
            if (sa == INT64_MIN && sb == -1)
                continue;
            int64_t sq = sa / sb, sr = sa % sb;
            mix((uint64_t)sq);
            mix((uint64_t)sr);
            if ((uint64_t)sq * (uint64_t)sb + (uint64_t)sr != a)
                fail("sdiv64 identity", a, b);
            if (sr != 0 && ((sr < 0) != (sa < 0)))
                fail("sdiv64 remainder sign", a, b);
        }
    checkpoint("64-bit div/mod:");

    static const struct { uint64_t a, b; } show[] = {
        { 0xffffffffffffffffull, 3 },
        { 0x123456789abcdef0ull, 0x1234567ull },
        { 1000000000000000000ull, 1000000007ull },
        { 0x8000000000000000ull, 0xffffffffull },
        { 0xfedcba9876543210ull, 0x100000001ull },
    };
    for (unsigned k = 0; k < sizeof show / sizeof show[0]; k++) {
        uint64_t a = opaque64(show[k].a), b = opaque64(show[k].b);
        printf("  %llu / %llu = %llu rem %llu\n", (unsigned long long)a, (unsigned long long)b,
               (unsigned long long)(a / b), (unsigned long long)(a % b));
        int64_t sa = (int64_t)a, sb = (int64_t)b;
        printf("  %lld / %lld = %lld rem %lld\n", (long long)sa, (long long)sb,
               (long long)(sa / sb), (long long)(sa % sb));
    }
    int64_t m = (int64_t)opaque64((uint64_t)-7);
    printf("  -7/2=%lld -7%%2=%lld 7/-2=%lld 7%%-2=%lld -7/-2=%lld -7%%-2=%lld\n",
           (long long)(m / 2), (long long)(m % 2), (long long)(-m / -2), (long long)(-m % -2),
           (long long)(m / -2), (long long)(m % -2));
}

static void test_mul64(void)
{
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            uint64_t a = opaque64(vals[i]), b = opaque64(vals[j]);
            mix(a * b);
            /* Full 128-bit product from 32-bit halves (UMULL/UMLAL). */
            uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
            uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
            uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
            uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
            uint64_t lo = (mid << 32) | (uint32_t)ll;
            mix(hi);
            if (lo != a * b)
                fail("mul64 low half", a, b);
            /* Widening 32x32->64, signed and unsigned (SMULL/UMULL). */
            int32_t x = (int32_t)a, y = (int32_t)b;
            mix((uint64_t)((int64_t)x * y));
            mix((uint64_t)(uint32_t)x * (uint32_t)y);
            /* Multiply-accumulate 64 += 32x32 (SMLAL/UMLAL). */
            mix((uint64_t)((int64_t)b + (int64_t)x * y));
            mix(a + (uint64_t)(uint32_t)x * (uint32_t)y);
        }
    checkpoint("64-bit multiply:");
    uint64_t a = opaque64(0xfedcba9876543210ull), b = opaque64(0x0123456789abcdefull);
    printf("  %016llx * %016llx = %016llx\n", (unsigned long long)a, (unsigned long long)b,
           (unsigned long long)(a * b));
    int32_t x = (int32_t)opaque32(0x80000000u), y = (int32_t)opaque32(0x7fffffffu);
    printf("  %ld * %ld = %lld, %lu * %lu = %llu\n", (long)x, (long)y, (long long)((int64_t)x * y),
           (unsigned long)(uint32_t)x, (unsigned long)(uint32_t)-1,
           (unsigned long long)((uint64_t)(uint32_t)x * opaque32(0xffffffffu)));
}

static void test_shifts(void)
{
    static const uint64_t sv[] = { 0x8000000000000001ull, 0xfedcba9876543210ull, 1, 0x00000000ffffffffull };
    for (unsigned k = 0; k < sizeof sv / sizeof sv[0]; k++)
        for (unsigned s = 0; s < 64; s++) {
            uint64_t v = opaque64(sv[k]);
            unsigned n = opaque32(s);
            mix(v << n);
            mix(v >> n);
            mix((uint64_t)((int64_t)v >> n));
            mix((v << n) | (v >> ((64 - n) & 63)));
        }
    checkpoint("64-bit shifts:");
    uint64_t v = opaque64(0xfedcba9876543210ull);
    static const unsigned shown[] = { 0, 1, 4, 31, 32, 33, 63 };
    for (unsigned k = 0; k < sizeof shown / sizeof shown[0]; k++) {
        unsigned n = opaque32(shown[k]);
        printf("  s=%2u  <<: %016llx  >>: %016llx  asr: %016llx\n", n, (unsigned long long)(v << n),
               (unsigned long long)(v >> n), (unsigned long long)((int64_t)v >> n));
    }
}

static void test_compare(void)
{
    uint32_t counts[6] = { 0 };
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            uint64_t a = opaque64(vals[i]), b = opaque64(vals[j]);
            int64_t sa = (int64_t)a, sb = (int64_t)b;
            unsigned m = (a < b) | (a <= b) << 1 | (a == b) << 2 | (sa < sb) << 3 | (sa <= sb) << 4 |
                         (sa > sb) << 5 | (a > b) << 6 | (a != b) << 7;
            mix(m);
            counts[0] += a < b;
            counts[1] += sa < sb;
            counts[2] += a == b;
            counts[3] += sa > sb;
            counts[4] += a >= b;
            counts[5] += sa >= sb;
            /* min/max and add/sub with carry across the halves. */
            mix(a < b ? a : b);
            mix(sa > sb ? a : b);
            mix(a + b);
            mix(a - b);
            mix((uint64_t)-(int64_t)a);
        }
    checkpoint("64-bit compare/add:");
    printf("  u< %lu  s< %lu  == %lu  s> %lu  u>= %lu  s>= %lu\n", (unsigned long)counts[0],
           (unsigned long)counts[1], (unsigned long)counts[2], (unsigned long)counts[3],
           (unsigned long)counts[4], (unsigned long)counts[5]);
}

static void test_div32(void)
{
    static const uint32_t v32[] = {
        0, 1, 2, 3, 5, 7, 10, 16, 100, 255, 256, 1000, 0x7fff, 0x8000, 0xffff, 0x10000,
        0x12345678, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
        0xfffffff9, 0xffffff00, 0xdeadbeef, 0x55555555, 0xaaaaaaaa,
    };
    const unsigned n32 = sizeof v32 / sizeof v32[0];
    int sw_mismatch = 0;
    for (unsigned i = 0; i < n32; i++)
        for (unsigned j = 0; j < n32; j++) {
            uint32_t a = opaque32(v32[i]), b = opaque32(v32[j]);
            if (b == 0)
                continue;
            uint32_t q = a / b, r = a % b;
            mix(q | (uint64_t)r << 32);
            uint64_t qr = SW_UDIVMOD(a, b);
            if (SW_UDIV(a, b) != q || (uint32_t)qr != q || (uint32_t)(qr >> 32) != r)
                sw_mismatch++;
            int32_t sa = (int32_t)a, sb = (int32_t)b;
            if (sa == INT32_MIN && sb == -1)
                continue;
            int32_t sq = sa / sb, sr = sa % sb;
            mix((uint32_t)sq | (uint64_t)(uint32_t)sr << 32);
            uint64_t sqr = SW_IDIVMOD(sa, sb);
            if (SW_IDIV(sa, sb) != sq || (uint32_t)sqr != (uint32_t)sq || (uint32_t)(sqr >> 32) != (uint32_t)sr)
                sw_mismatch++;
        }
    checkpoint("32-bit div/mod:");
    printf("  hardware vs libgcc software division mismatches: %d\n", sw_mismatch);
    failures += sw_mismatch;
    int32_t a = (int32_t)opaque32(0x80000000u), b = (int32_t)opaque32(0x80000001u);
    printf("  %ld / 2 = %ld, %ld / 7 = %ld rem %ld, %ld / -1 = %ld\n", (long)a, (long)(a / 2), (long)a,
           (long)(a / 7), (long)(a % 7), (long)b, (long)(b / -(int32_t)opaque32(1)));
    uint32_t u = opaque32(0xffffffffu);
    printf("  %lu / 0x10000 = %lu, %lu / %lu = %lu, %lu %% 1000 = %lu\n", (unsigned long)u,
           (unsigned long)(u / opaque32(0x10000)), (unsigned long)u, (unsigned long)(u - 1),
           (unsigned long)(u / (u - 1)), (unsigned long)u, (unsigned long)(u % opaque32(1000)));
}

int main(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < sizeof edges / sizeof edges[0]; i++)
        vals[n++] = edges[i];
    while (n < NV) {
        uint64_t r = xorshift64();
        vals[n++] = r >> (r & 63); /* mixed magnitudes: small and large divisors */
    }
    printf("div64: %d values (%u fixed, %u xorshift64)\n", NV, (unsigned)(sizeof edges / sizeof edges[0]),
           NV - (unsigned)(sizeof edges / sizeof edges[0]));
    printf("  vals[30]=%llx vals[63]=%llx\n", (unsigned long long)vals[30], (unsigned long long)vals[63]);

    test_div64();
    test_mul64();
    test_shifts();
    test_compare();
    test_div32();

    printf("final hash %016llx, %d failures\n", (unsigned long long)hash, failures);
    return failures ? 1 : 0;
}
