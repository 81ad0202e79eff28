/* crc32: table-driven CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320)
 * over 1 MiB of xorshift32 bytes, cross-checked against a bitwise CRC and
 * against the standard check value of "123456789" (0xCBF43926). */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DATA_SIZE (1u << 20)

static uint32_t table[256];
static uint8_t data[DATA_SIZE];

static void make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        table[i] = c;
    }
}

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

int main(void)
{
    int failures = 0;
    make_table();
    printf("crc32: table[1]=%08" PRIx32 " table[128]=%08" PRIx32 " table[255]=%08" PRIx32 "\n",
           table[1], table[128], table[255]);

    static const uint8_t check[] = "123456789";
    uint32_t c1 = crc32_update(0, check, 9);
    uint32_t c2 = crc32_bitwise(check, 9);
    int ok = c1 == 0xCBF43926u && c2 == 0xCBF43926u;
    failures += !ok;
    printf("crc32(\"123456789\") = 0x%08" PRIX32 " (bitwise 0x%08" PRIX32 ") %s\n", c1, c2,
           ok ? "ok" : "WRONG, expected 0xCBF43926");
    printf("crc32(\"\") = 0x%08" PRIx32 "\n", crc32_update(0, check, 0));

    uint32_t s = 2463534242u;
    for (size_t i = 0; i < DATA_SIZE; i += 4) {
        uint32_t x = xorshift32(&s);
        data[i] = (uint8_t)x;
        data[i + 1] = (uint8_t)(x >> 8);
        data[i + 2] = (uint8_t)(x >> 16);
        data[i + 3] = (uint8_t)(x >> 24);
    }
    uint32_t bytesum = 0;
    for (size_t i = 0; i < DATA_SIZE; i++)
        bytesum += data[i];
    printf("data: %u bytes, xorshift32 seed 2463534242, final state %08" PRIx32 ", byte sum %" PRIu32 "\n",
           DATA_SIZE, s, bytesum);
    printf("data[0..7] = %02x %02x %02x %02x %02x %02x %02x %02x\n", data[0], data[1], data[2],
           data[3], data[4], data[5], data[6], data[7]);

    uint32_t whole = crc32_update(0, data, DATA_SIZE);
    printf("crc32(data) = 0x%08" PRIx32 "\n", whole);

    /* The same CRC computed incrementally over uneven chunks. */
    static const size_t chunks[] = { 1, 7, 64, 1000, 4093, 3, 65536 };
    uint32_t inc = 0;
    size_t pos = 0, k = 0;
    while (pos < DATA_SIZE) {
        size_t n = chunks[k++ % (sizeof chunks / sizeof chunks[0])];
        if (n > DATA_SIZE - pos)
            n = DATA_SIZE - pos;
        inc = crc32_update(inc, data + pos, n);
        pos += n;
    }
    printf("crc32(data, %u chunks) = 0x%08" PRIx32 " %s\n", (unsigned)k, inc,
           inc == whole ? "ok" : "MISMATCH");
    failures += inc != whole;

    uint32_t first = crc32_update(0, data, 4096);
    uint32_t first_bw = crc32_bitwise(data, 4096);
    printf("crc32(data[0..4095]) = 0x%08" PRIx32 " (bitwise 0x%08" PRIx32 ") %s\n", first, first_bw,
           first == first_bw ? "ok" : "MISMATCH");
    failures += first != first_bw;

    for (int i = 0; i < 4; i++) {
        size_t off = (size_t)i * (DATA_SIZE / 4);
        printf("crc32(quarter %d) = 0x%08" PRIx32 "\n", i, crc32_update(0, data + off, DATA_SIZE / 4));
    }

    printf("crc32: %s\n", failures ? "FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
