/* float: hard-float VFP code (VFPv3-D16) with newlib's libm and printf:
 * sin/cos/exp/log/sqrt/pow (double and float) with the exact bit patterns of
 * the results, printf of doubles with %f/%e/%g at various widths, precisions
 * and flags, float<->int conversions (including the saturating VCVT on
 * out-of-range values and NaN), rounding functions and the four FPSCR
 * rounding modes, NaN propagation and default NaN, flush-to-zero, and the
 * cumulative exception flags. Built as A32 (float) and Thumb-2
 * (float-thumb); both print the same. */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef __ARM_PCS_VFP
#error "float is built with -mfloat-abi=hard"
#endif

#define FPSCR_FLAGS 0x9fu       /* IDC IXC UFC OFC DZC IOC */
#define FPSCR_RMODE_SHIFT 22
#define FPSCR_FZ (1u << 24)
#define FPSCR_DN (1u << 25)

static inline uint32_t get_fpscr(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v) :: "memory");
    return v;
}

static inline void set_fpscr(uint32_t v)
{
    __asm__ volatile("vmsr fpscr, %0" :: "r"(v) : "memory");
}

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float fbits_to_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* Names of the cumulative exception flags set in fpscr (two calls may share
 * one printf: the result alternates between two buffers). */
static const char *flag_names(uint32_t fpscr)
{
    static char bufs[2][32];
    static unsigned which;
    char *buf = bufs[which++ & 1];
    buf[0] = 0;
    if (fpscr & 0x80) strcat(buf, " IDC");
    if (fpscr & 0x10) strcat(buf, " IXC");
    if (fpscr & 0x08) strcat(buf, " UFC");
    if (fpscr & 0x04) strcat(buf, " OFC");
    if (fpscr & 0x02) strcat(buf, " DZC");
    if (fpscr & 0x01) strcat(buf, " IOC");
    if (!buf[0]) strcat(buf, " -");
    return buf;
}

/* Keep the compiler from folding constants. */
static volatile double vd[] = {
    0.0, 0.5, 1.0, 2.0, 3.141592653589793, 10.0, -1.5, 100.0, 1e-5, 710.0, -745.5, 1e22,
};

static void libm_double(void)
{
    printf("-- libm, double\n");
    for (unsigned i = 0; i < sizeof vd / sizeof vd[0]; i++) {
        double x = vd[i];
        double r[6] = { sin(x), cos(x), exp(x), log(x), sqrt(x), pow(x, 1.5) };
        static const char *const names[6] = { "sin", "cos", "exp", "log", "sqrt", "pow1.5" };
        printf("x=%.17g\n", x);
        for (int k = 0; k < 6; k++)
            printf("  %-6s %-24.17g %016llx\n", names[k], r[k], dbits(r[k]));
    }
    volatile double a = 2.0, b = 0.5, c = -8.0, d = 1.0 / 3.0;
    printf("pow(2, 0.5)   = %.17g\n", pow(a, b));
    printf("pow(-8, 1/3)  = %.17g (%016llx)\n", pow(c, d), dbits(pow(c, d)));
    printf("pow(-8, 3)    = %.17g\n", pow(c, 3.0 + b - b));
    printf("pow(2, 1024)  = %g\n", pow(a, 1024.0 + b - b));
    printf("pow(0, -1)    = %g\n", pow(0.0 * a, -1.0 + b - b));
    printf("log(-1)       = %g (%016llx)\n", log(-a / 2), dbits(log(-a / 2)));
    printf("log(0)        = %g\n", log(a - a));
    printf("sqrt(-2)      = %g (%016llx)\n", sqrt(-a), dbits(sqrt(-a)));
    printf("sqrt(2)       = %.17g (%016llx)\n", sqrt(a), dbits(sqrt(a)));
    printf("atan2(1, -1)  = %.17g\n", atan2(b * 2, -b * 2));
    printf("tan(0.7)      = %.17g\n", tan(0.7 + b - b));
    printf("fmod(10, 3)   = %.17g\n", fmod(10.0 + b - b, 3.0));
    printf("ldexp(1, -1074) = %g (%016llx)\n", ldexp(b * 2, -1074), dbits(ldexp(b * 2, -1074)));
    int e;
    double m = frexp(vd[7], &e);
    printf("frexp(100)    = %.17g * 2^%d\n", m, e);
    double ip;
    double fp = modf(vd[6], &ip);
    printf("modf(-1.5)    = %g + %g\n", ip, fp);
}

static volatile float vf[] = { 0.0f, 0.5f, 1.0f, 2.0f, 3.14159265f, 10.0f, -1.5f, 88.0f };

static void libm_float(void)
{
    printf("-- libm, float\n");
    for (unsigned i = 0; i < sizeof vf / sizeof vf[0]; i++) {
        float x = vf[i];
        float r[6] = { sinf(x), cosf(x), expf(x), logf(x), sqrtf(x), powf(x, 1.5f) };
        printf("x=%.9g:", (double)x);
        for (int k = 0; k < 6; k++)
            printf(" %08" PRIx32, fbits(r[k]));
        printf("\n   %.9g %.9g %.9g %.9g %.9g %.9g\n", (double)r[0], (double)r[1], (double)r[2],
               (double)r[3], (double)r[4], (double)r[5]);
    }
    volatile float one = 1.0f, three = 3.0f;
    float third = one / three;
    printf("1/3f = %.9g (%08" PRIx32 "), as double %.17g\n", (double)third, fbits(third), (double)third);
}

static void formats(void)
{
    printf("-- printf of doubles\n");
    static const char *const fmts[] = {
        "%f", "%.0f", "%.1f", "%.3f", "%.10f", "%12.4f", "%-12.2f|", "%+f", "% .2f", "%012.3f",
        "%e", "%.0e", "%.2e", "%.12e", "%E", "%14.3e", "%+e",
        "%g", "%.0g", "%.1g", "%.3g", "%.10g", "%.17g", "%G", "%#g", "%#.3g", "%10.4g|", "%#.0f", "%#.0e",
    };
    static const volatile double vals[] = {
        0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, 2.0 / 3.0, 0.5, 1.5, 2.5, 0.125, 0.375,
        123456.789, 1e-10, 6.02214076e23, 1e100, 1e300, 5e-324, 2.2250738585072014e-308,
        1.7976931348623157e308, 9.9999999, 0.00001234, 1234567.0, 99.5, 999999.5,
    };
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("%016llx:", dbits(v));
        for (unsigned k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
            const char *f = fmts[k];
            size_t len = strlen(f);
            char conv = f[len - 1] == '|' ? f[len - 2] : f[len - 1];
            if (fabs(v) > 1e30 && conv == 'f' && strcmp(f, "%f") && strcmp(f, "%.0f"))
                continue;   /* hundreds of digits: only %f and %.0f */
            printf(" [");
            printf(fmts[k], v);
            printf("]");
        }
        printf("\n");
    }
    volatile double zero = 0.0;
    double inf = 1.0 / zero, nan_ = zero / zero;
    printf("inf: [%f] [%e] [%g] [%10.3f] [%-6f|] [%+f] [%F]\n", inf, inf, inf, inf, inf, inf, inf);
    printf("-inf: [%f] [%e] [%g] [%E]\n", -inf, -inf, -inf, -inf);
    printf("nan: [%f] [%e] [%g] [%5.1f] [%G]\n", nan_, nan_, nan_, nan_, nan_);
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%.10f", 3.141592653589793 + zero);
    printf("snprintf(16, %%.10f, pi) = %d [%s]\n", n, buf);
    n = snprintf(buf, 6, "%e", 6.02214076e23 + zero);
    printf("snprintf(6, %%e, N_A) = %d [%s]\n", n, buf);
    printf("%%.*f with * = 4: [%.*f], %%*.*e with 15, 2: [%*.*e]\n", 4, 2.0 / 3.0 + zero, 15, 2, -2.0 / 3.0 + zero);
    float f = 0.1f;
    printf("float 0.1f promoted: %.20f %.9g\n", (double)f, (double)f);
}

static void conversions(void)
{
    printf("-- conversions\n");
    static const volatile double dv[] = {
        0.0, -0.0, 0.49999999999999994, 0.5, 0.9999, 1.0, -1.0, -1.9999, 2147483647.0, 2147483647.9,
        -2147483648.0, -2147483648.9, 4294967295.0, 9007199254740993.0, 1e15 + 0.5, -1e18,
    };
    for (unsigned i = 0; i < sizeof dv / sizeof dv[0]; i++) {
        double d = dv[i];
        int32_t s = (d > -2147483649.0 && d < 2147483648.0) ? (int32_t)d : 0;
        uint32_t u = (d > -1.0 && d < 4294967296.0) ? (uint32_t)d : 0;
        int64_t ll = (int64_t)d;
        float f = (float)d;
        printf("%-22.17g -> int %11" PRId32 " unsigned %10" PRIu32 " int64 %20lld float %.9g (%08" PRIx32 ")\n",
               d, s, u, ll, (double)f, fbits(f));
    }
    static const volatile int32_t iv[] = { 0, 1, -1, 16777217, 2147483647, -2147483647 - 1, 123456789 };
    for (unsigned i = 0; i < sizeof iv / sizeof iv[0]; i++) {
        int32_t x = iv[i];
        printf("int %11" PRId32 " -> double %.17g float %.9g unsigned->double %.17g\n", x, (double)x,
               (double)(float)x, (double)(uint32_t)x);
    }
    static const volatile int64_t lv[] = { 9007199254740993LL, -9007199254740993LL, INT64_MAX, INT64_MIN };
    for (unsigned i = 0; i < sizeof lv / sizeof lv[0]; i++)
        printf("int64 %20lld -> double %.17g float %.9g\n", lv[i], (double)lv[i], (double)(float)lv[i]);

    /* VCVT (round towards zero) saturates out-of-range values; NaN gives 0. */
    static const volatile uint64_t special[] = {
        0x41f0000000000000ull,  /* 2^32 */
        0xc1f0000000000000ull,  /* -2^32 */
        0x7ff0000000000000ull,  /* +inf */
        0xfff0000000000000ull,  /* -inf */
        0x7ff8000000000000ull,  /* NaN */
        0x41dfffffffc00000ull,  /* 2^31 - 1 */
        0x41e0000000000000ull,  /* 2^31 */
        0xbff8000000000000ull,  /* -1.5 */
    };
    for (unsigned i = 0; i < sizeof special / sizeof special[0]; i++) {
        double d = from_bits(special[i]);
        uint32_t s, u, fl;
        set_fpscr(0);
        __asm__ volatile("vcvt.s32.f64 s0, %P1\n\tvmov %0, s0" : "=r"(s) : "w"(d) : "s0");
        fl = get_fpscr() & FPSCR_FLAGS;
        set_fpscr(0);
        __asm__ volatile("vcvt.u32.f64 s0, %P1\n\tvmov %0, s0" : "=r"(u) : "w"(d) : "s0");
        printf("vcvt %016llx: s32 %08" PRIx32 " (flags%s) u32 %08" PRIx32 " (flags%s)\n", special[i], s,
               flag_names(fl), u, flag_names(get_fpscr() & FPSCR_FLAGS));
    }
    set_fpscr(0);
}

static void rounding(void)
{
    printf("-- rounding\n");
    static const volatile double rv[] = { 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.7, -3.7, 2.4999999999999996, 1e16 + 2 };
    printf("%-20s %6s %6s %6s %6s %6s %6s %6s\n", "x", "round", "lround", "floor", "ceil", "trunc", "rint", "nearby");
    for (unsigned i = 0; i < sizeof rv / sizeof rv[0]; i++) {
        double x = rv[i];
        printf("%-20.17g %6g %6ld %6g %6g %6g %6g %6g\n", x, round(x), lround(x), floor(x), ceil(x), trunc(x),
               rint(x), nearbyint(x));
    }
    static const char *const modes[4] = { "RN", "RP", "RM", "RZ" };
    volatile double one = 1.0, three = 3.0, big = 1e16;
    for (uint32_t m = 0; m < 4; m++) {
        set_fpscr(m << FPSCR_RMODE_SHIFT);
        double q = one / three, nq = -one / three;
        double r1 = rint(2.5 + one - one), r2 = rint(-2.5 + one - one), r3 = rint(2.7 + one - one);
        float fq = (float)one / (float)three;
        double sum = big + three;      /* 1e16 + 3: not representable */
        uint32_t c1, c2;
        double h = 2.5 + one - one, nh = -2.5 + one - one;
        __asm__ volatile("vcvtr.s32.f64 s0, %P1\n\tvmov %0, s0" : "=r"(c1) : "w"(h) : "s0");
        __asm__ volatile("vcvtr.s32.f64 s0, %P1\n\tvmov %0, s0" : "=r"(c2) : "w"(nh) : "s0");
        uint32_t fpscr = get_fpscr();
        set_fpscr(0);
        printf("%s: 1/3=%016llx -1/3=%016llx 1/3f=%08" PRIx32 " 1e16+3=%.17g rint(2.5)=%g rint(-2.5)=%g "
               "rint(2.7)=%g vcvtr(2.5)=%ld vcvtr(-2.5)=%ld rmode=%lu\n",
               modes[m], dbits(q), dbits(nq), fbits(fq), sum, r1, r2, r3, (long)(int32_t)c1, (long)(int32_t)c2,
               (unsigned long)(fpscr >> FPSCR_RMODE_SHIFT) & 3);
    }
}

static void special_values(void)
{
    printf("-- NaNs, flush-to-zero, exception flags\n");
    volatile double one = 1.0, zero = 0.0;
    double qnan_payload = from_bits(0x7ff8000000012345ull);
    double snan = from_bits(0x7ff0000000000001ull);
    double r;

    set_fpscr(0);
    r = zero / zero;
    printf("0/0            = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(0);
    __asm__ volatile("vadd.f64 %P0, %P1, %P2" : "=w"(r) : "w"(qnan_payload), "w"((double)one));
    printf("qNaN+1         = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(0);
    __asm__ volatile("vadd.f64 %P0, %P1, %P2" : "=w"(r) : "w"(snan), "w"((double)one));
    printf("sNaN+1         = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(0);
    __asm__ volatile("vadd.f64 %P0, %P1, %P2" : "=w"(r) : "w"(qnan_payload), "w"(snan));
    printf("qNaN+sNaN      = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(FPSCR_DN);
    __asm__ volatile("vadd.f64 %P0, %P1, %P2" : "=w"(r) : "w"(qnan_payload), "w"((double)one));
    printf("qNaN+1 (DN)    = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(0);
    float fr;
    float fsnan = fbits_to_float(0x7f800001u);
    __asm__ volatile("vmul.f32 %0, %1, %2" : "=t"(fr) : "t"(fsnan), "t"((float)one));
    printf("sNaNf*1        = %08" PRIx32 " flags%s\n", fbits(fr), flag_names(get_fpscr()));

    static const struct { const char *name; double a, b; char op; } cases[] = {
        { "1/0", 1.0, 0.0, '/' },
        { "1/3", 1.0, 3.0, '/' },
        { "1e308*10", 1e308, 10.0, '*' },
        { "1e-308/1e10", 1e-308, 1e10, '/' },
        { "2^-1022/2", 2.2250738585072014e-308, 2.0, '/' },
        { "2^-1022/3", 2.2250738585072014e-308, 3.0, '/' },
        { "1+2^-60", 1.0, 8.673617379884035e-19, '+' },
        { "inf-inf", INFINITY, INFINITY, '-' },
        { "0*inf", 0.0, INFINITY, '*' },
        { "sqrt(-1)", -1.0, 0.0, 's' },
        { "3*5", 3.0, 5.0, '*' },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double a = cases[i].a, b = cases[i].b;
        set_fpscr(0);
        switch (cases[i].op) {
        case '+': __asm__ volatile("vadd.f64 %P0, %P1, %P2" : "=w"(r) : "w"(a), "w"(b)); break;
        case '-': __asm__ volatile("vsub.f64 %P0, %P1, %P2" : "=w"(r) : "w"(a), "w"(b)); break;
        case '*': __asm__ volatile("vmul.f64 %P0, %P1, %P2" : "=w"(r) : "w"(a), "w"(b)); break;
        case '/': __asm__ volatile("vdiv.f64 %P0, %P1, %P2" : "=w"(r) : "w"(a), "w"(b)); break;
        default: __asm__ volatile("vsqrt.f64 %P0, %P1" : "=w"(r) : "w"(a)); break;
        }
        uint32_t fl = get_fpscr() & FPSCR_FLAGS;
        printf("%-14s = %016llx flags%s\n", cases[i].name, dbits(r), flag_names(fl));
    }

    /* Flush-to-zero: denormal inputs read as zero (IDC), tiny results flushed (UFC). */
    double denorm = from_bits(0x0000000000000001ull), tiny = 2.2250738585072014e-308;
    set_fpscr(FPSCR_FZ);
    __asm__ volatile("vadd.f64 %P0, %P1, %P2" : "=w"(r) : "w"(denorm), "w"((double)zero));
    printf("FZ: denorm+0   = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(FPSCR_FZ);
    __asm__ volatile("vdiv.f64 %P0, %P1, %P2" : "=w"(r) : "w"(tiny), "w"((double)one + one));
    printf("FZ: 2^-1022/2  = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(0);
    __asm__ volatile("vdiv.f64 %P0, %P1, %P2" : "=w"(r) : "w"(tiny), "w"((double)one + one));
    printf("   2^-1022/2   = %016llx flags%s\n", dbits(r), flag_names(get_fpscr()));
    set_fpscr(0);
    printf("FPSCR now %08" PRIx32 "\n", get_fpscr());
}

static void accumulate(void)
{
    printf("-- accumulation\n");
    double s = 0.0, h = 0.0;
    float sf = 0.0f;
    for (int i = 1; i <= 100000; i++) {
        s += 1.0 / ((double)i * i);
        h += 1.0 / i;
        sf += 1.0f / (float)i;
    }
    printf("sum 1/i^2 (1..1e5) = %.17g (%016llx)\n", s, dbits(s));
    printf("sqrt(6*sum)        = %.17g\n", sqrt(6.0 * s));
    printf("sum 1/i            = %.17g (%016llx)\n", h, dbits(h));
    printf("sum 1/i, float     = %.9g (%08" PRIx32 ")\n", (double)sf, fbits(sf));
    double x = 1.0;
    for (int i = 0; i < 20; i++)
        x = x - (x * x - 2.0) / (2.0 * x);
    printf("newton sqrt(2)     = %.17g, M_PI = %.17g, DBL_EPSILON = %g, FLT_EPSILON = %g\n", x, M_PI, DBL_EPSILON,
           (double)FLT_EPSILON);
}

int main(void)
{
    printf("float: FPSCR at start %08" PRIx32 "\n", get_fpscr());
    libm_double();
    libm_float();
    formats();
    conversions();
    rounding();
    special_values();
    accumulate();
    printf("float: done\n");
    return 0;
}
