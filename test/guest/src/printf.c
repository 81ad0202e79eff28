/* printf: newlib's (full, not nano) printf family with integer, character,
 * string and pointer conversions, widths, precisions and flags, length
 * modifiers, and snprintf truncation; every call's return value is printed.
 * No floating point. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Some formats below deliberately combine flags that C says are ignored
 * ("0" with a precision or with "-", " " with "+"). */
#pragma GCC diagnostic ignored "-Wformat"

static int tests;

/* Formats into a buffer and prints the format, the result and the count. */
#define T(fmt, ...)                                                            \
    do {                                                                       \
        char buf_[128];                                                        \
        int n_ = snprintf(buf_, sizeof buf_, fmt, __VA_ARGS__);                \
        printf("%-22s [%s] %d\n", #fmt " " #__VA_ARGS__, buf_, n_);             \
        tests++;                                                               \
    } while (0)

int main(void)
{
    int n = printf("printf: direct call\n");
    printf("  printf returned %d\n", n);

    /* %d %i %u */
    T("%d", 0);
    T("%d", 42);
    T("%d", -42);
    T("%i", INT_MAX);
    T("%i", INT_MIN);
    T("%u", 3000000000u);
    T("%u", (unsigned)-1);
    /* %x %X %o */
    T("%x", 0xdeadbeefu);
    T("%X", 0xdeadbeefu);
    T("%o", 8u);
    T("%o", 0777u);
    T("%x", 0u);
    /* %c %s %% */
    T("%c", 'A');
    T("%c%c%c", 'x', 'y', 'z');
    T("%s", "string");
    T("%s", "");
    T("%d%%", 50);
    /* %p */
    T("%p", (void *)0x4000abcd);
    T("%p", (void *)0);
    /* widths */
    T("[%5d]", 42);
    T("[%-5d]", 42);
    T("[%05d]", 42);
    T("[%05d]", -42);
    T("[%1d]", 12345);
    T("[%*d]", 6, 7);
    T("[%*d]", -6, 7);
    T("[%10s]", "right");
    T("[%-10s]", "left");
    T("[%3c]", 'c');
    T("[%-3c]", 'c');
    /* precision */
    T("[%.3d]", 7);
    T("[%.3d]", -7);
    T("[%.0d]", 0);
    T("[%.0x]", 0u);
    T("[%8.3d]", 5);
    T("[%-8.3d]", 5);
    T("[%08.3d]", 5);
    T("[%.3s]", "abcdef");
    T("[%.*s]", 2, "abcdef");
    T("[%.10s]", "abc");
    T("[%10.4s]", "abcdef");
    /* flags */
    T("[%+d]", 5);
    T("[%+d]", -5);
    T("[%+d]", 0);
    T("[% d]", 5);
    T("[% d]", -5);
    T("[%+ d]", 5);
    T("[%#x]", 255u);
    T("[%#X]", 255u);
    T("[%#x]", 0u);
    T("[%#o]", 8u);
    T("[%#o]", 0u);
    T("[%#10x]", 0xabcu);
    T("[%#010x]", 0xabcu);
    T("[%-#10x]", 0xabcu);
    T("[%+5d]", 42);
    T("[%-+5d]", 42);
    T("[%+05d]", 42);
    T("[% 05d]", 42);
    T("[%-05d]", 42);
    /* length modifiers */
    T("%ld", 2147483647L);
    T("%ld", LONG_MIN);
    T("%lu", 4294967295UL);
    T("%lx", 0xcafef00dUL);
    T("%lld", 9223372036854775807LL);
    T("%lld", LLONG_MIN);
    T("%llu", 18446744073709551615ULL);
    T("%llx", 0x0123456789abcdefULL);
    T("%llX", 0xfedcba9876543210ULL);
    T("%llo", 01234567012345670123ULL);
    T("[%20lld]", -1234567890123LL);
    T("[%-20lld]", 1234567890123LL);
    T("[%+.15lld]", 42LL);
    T("[%#llx]", 1ULL << 63);
    T("%hd", 40000);
    T("%hu", 70000);
    T("%hx", 0x12345);
    T("%hhd", 300);
    T("%hhu", 511);
    T("%d %ld %lld %d", 1, 2L, 3LL, 4);
    T("%s=%d, %s=%lld", "a", -1, "b", -1LL);

    /* snprintf truncation and return values */
    char small[8];
    memset(small, '#', sizeof small);
    n = snprintf(small, sizeof small, "%s", "0123456789");
    printf("snprintf(8, \"0123456789\") = %d, buffer \"%s\", len %u\n", n, small, (unsigned)strlen(small));
    memset(small, '#', sizeof small);
    n = snprintf(small, 1, "%d", 12345);
    printf("snprintf(1, 12345) = %d, buffer \"%s\"\n", n, small);
    memset(small, '#', sizeof small);
    n = snprintf(small, 0, "%d", 12345);
    printf("snprintf(0, 12345) = %d, buffer[0] '%c'\n", n, small[0]);
    n = snprintf(NULL, 0, "%lld|%llx", LLONG_MAX, 0xffffffffffffffffULL);
    printf("snprintf(NULL, 0, ...) = %d\n", n);
    memset(small, '#', sizeof small);
    n = snprintf(small, 5, "%05d", -3);
    printf("snprintf(5, %%05d -3) = %d, buffer \"%s\"\n", n, small);

    char big[64];
    n = sprintf(big, "%s-%c-%d-%x", "sprintf", '!', 99, 99u);
    printf("sprintf = %d \"%s\"\n", n, big);

    n = puts("puts line");
    printf("puts returned %s\n", n >= 0 ? "non-negative" : "EOF");
    n = putchar('P');
    n = putchar('\n') == '\n' && n == 'P';
    printf("putchar ok: %d\n", n);
    n = fputs("fputs to stdout\n", stdout);
    printf("fputs returned %s\n", n >= 0 ? "non-negative" : "EOF");
    n = fprintf(stderr, "fprintf to stderr (UART too)\n");
    printf("fprintf(stderr) returned %d\n", n);

    printf("%d formats tested\n", tests);
    return 0;
}
