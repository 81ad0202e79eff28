/* Formatted output: a small printf without a C library. Output goes through
 * a sink, so the same formatter serves the console and snprintk(). */
#include "inmate.h"

struct sink {
    void (*put)(struct sink *s, char c);
    char *buf;              /* snprintk: the buffer and its room */
    size_t room;
    int count;              /* characters produced (as printf counts them) */
};

static void emit(struct sink *s, char c)
{
    s->count++;
    s->put(s, c);
}

static void emit_n(struct sink *s, char c, int n)
{
    while (n-- > 0)
        emit(s, c);
}

#define F_LEFT   0x01
#define F_ZERO   0x02
#define F_PLUS   0x04
#define F_SPACE  0x08
#define F_ALT    0x10
#define F_UPPER  0x20

/* One integer conversion: digits in base, then sign, prefix, padding. */
static void format_int(struct sink *s, uint64_t v, bool negative, unsigned int base,
                       unsigned int flags, int width, int prec)
{
    char digits[24];
    const char *set = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0, zeros, pad;
    const char *prefix = "";
    char sign = 0;

    /* Common bases without 64-bit division where the value fits 32 bits. */
    if (v <= 0xffffffffu) {
        uint32_t w = (uint32_t)v;
        do { digits[n++] = set[w % base]; w /= base; } while (w);
    } else {
        do { digits[n++] = set[v % base]; v /= base; } while (v);
    }
    if (prec == 0 && n == 1 && digits[0] == '0')
        n = 0;                                  /* "%.0d" of 0 prints nothing */
    if (negative)
        sign = '-';
    else if (flags & F_PLUS)
        sign = '+';
    else if (flags & F_SPACE)
        sign = ' ';
    if ((flags & F_ALT) && base == 16 && !(n == 1 && digits[0] == '0') && n)
        prefix = (flags & F_UPPER) ? "0X" : "0x";
    if ((flags & F_ALT) && base == 8 && (prec <= n))
        prec = n + 1;

    zeros = prec > n ? prec - n : 0;
    pad = width - n - zeros - (sign ? 1 : 0) - (int)strlen(prefix);
    if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!(flags & F_LEFT))
        emit_n(s, ' ', pad);
    if (sign)
        emit(s, sign);
    while (*prefix)
        emit(s, *prefix++);
    emit_n(s, '0', zeros);
    while (n)
        emit(s, digits[--n]);
    if (flags & F_LEFT)
        emit_n(s, ' ', pad);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        unsigned int flags = 0;
        int width = 0, prec = -1, lng = 0;
        bool is_signed = false;
        unsigned int base = 10;
        uint64_t v;

        if (*fmt != '%') {
            emit(s, *fmt);
            continue;
        }
        /* flags */
        for (;;) {
            char c = *++fmt;
            if (c == '-') flags |= F_LEFT;
            else if (c == '0') flags |= F_ZERO;
            else if (c == '+') flags |= F_PLUS;
            else if (c == ' ') flags |= F_SPACE;
            else if (c == '#') flags |= F_ALT;
            else break;
        }
        /* width and precision */
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) { flags |= F_LEFT; width = -width; }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            prec = 0;
            if (*++fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
            }
        }
        /* length: hh h (promoted to int anyway), l, ll, z */
        while (*fmt == 'h' || *fmt == 'l' || *fmt == 'z') {
            if (*fmt == 'l') lng++;
            fmt++;
        }

        switch (*fmt) {
        case 'c':
            if (!(flags & F_LEFT)) emit_n(s, ' ', width - 1);
            emit(s, (char)va_arg(ap, int));
            if (flags & F_LEFT) emit_n(s, ' ', width - 1);
            continue;
        case 's': {
            const char *str = va_arg(ap, const char *);
            int len = 0;
            if (!str) str = "(null)";
            while (str[len] && (prec < 0 || len < prec)) len++;
            if (!(flags & F_LEFT)) emit_n(s, ' ', width - len);
            for (int i = 0; i < len; i++) emit(s, str[i]);
            if (flags & F_LEFT) emit_n(s, ' ', width - len);
            continue;
        }
        case '%':
            emit(s, '%');
            continue;
        case 'p':
            v = (uintptr_t)va_arg(ap, void *);
            format_int(s, v, false, 16, flags | F_ALT, width, prec);
            continue;
        case 'd': case 'i':
            is_signed = true;
            break;
        case 'u':
            break;
        case 'X':
            flags |= F_UPPER;
            /* fall through */
        case 'x':
            base = 16;
            break;
        case 'o':
            base = 8;
            break;
        default:                    /* unknown: print it as it stands */
            emit(s, '%');
            if (*fmt) emit(s, *fmt); else fmt--;
            continue;
        }
        if (lng >= 2) {
            v = va_arg(ap, unsigned long long);
        } else {
            /* int and long are both 32 bits here */
            uint32_t w = va_arg(ap, uint32_t);
            v = is_signed ? (uint64_t)(int64_t)(int32_t)w : w;
        }
        if (is_signed && (int64_t)v < 0)
            format_int(s, (uint64_t)0 - v, true, base, flags, width, prec);
        else
            format_int(s, v, false, base, flags, width, prec);
    }
}

static void put_console(struct sink *s, char c)
{
    (void)s;
    console_putc(c);
}

static void put_buffer(struct sink *s, char c)
{
    if (s->room > 1) {
        *s->buf++ = c;
        s->room--;
    }
}

int vprintk(const char *fmt, va_list ap)
{
    struct sink s = { .put = put_console };
    format(&s, fmt, ap);
    return s.count;
}

int printk(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vprintk(fmt, ap);
    va_end(ap);
    return n;
}

int snprintk(char *buf, size_t size, const char *fmt, ...)
{
    struct sink s = { .put = put_buffer, .buf = buf, .room = size };
    va_list ap;
    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    if (size)
        *s.buf = 0;
    return s.count;
}
