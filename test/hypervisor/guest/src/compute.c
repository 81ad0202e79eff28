/* A CPU-bound kernel: bitwise CRC-32 over a buffer filled by xorshift32,
 * `rounds` times. No memory outside the program's own, no devices. */
#include "hv.h"

static uint8_t buf[4096];

uint32_t compute(uint32_t rounds)
{
    uint32_t x = 2463534242u, crc = 0xffffffffu;
    for (uint32_t r = 0; r < rounds; r++) {
        for (unsigned i = 0; i < sizeof buf; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[i] = (uint8_t)x;
        }
        for (unsigned i = 0; i < sizeof buf; i++) {
            crc ^= buf[i];
            for (int b = 0; b < 8; b++)
                crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}
