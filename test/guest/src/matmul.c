/* matmul: 64x64 int32 matrix product C = A * B with deterministic inputs;
 * prints the trace, the sum and a few elements, and checks C against a
 * transposed-loop product. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#define N 64

static int32_t A[N][N], B[N][N], C[N][N], D[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (i * 31 + j * 17) % 101 - 50;
            B[i][j] = ((i * 7) ^ (j * 13)) % 97 - 48 + (i == j ? 1000 : 0);
        }

    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int k = 0; k < N; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }

    /* Second product in i-k-j order: must give the same matrix. */
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++) {
            int32_t aik = A[i][k];
            for (int j = 0; j < N; j++)
                D[i][j] += aik * B[k][j];
        }

    int64_t trace = 0, sum = 0;
    uint32_t hash = 0;
    int mismatches = 0;
    int32_t mn = INT32_MAX, mx = INT32_MIN;
    for (int i = 0; i < N; i++) {
        trace += C[i][i];
        for (int j = 0; j < N; j++) {
            sum += C[i][j];
            hash = (hash << 5 | hash >> 27) ^ (uint32_t)C[i][j];
            mismatches += C[i][j] != D[i][j];
            if (C[i][j] < mn) mn = C[i][j];
            if (C[i][j] > mx) mx = C[i][j];
        }
    }
    printf("matmul %dx%d\n", N, N);
    printf("A[0][0..3] = %" PRId32 " %" PRId32 " %" PRId32 " %" PRId32 ", B[0][0..3] = %" PRId32 " %" PRId32 " %" PRId32 " %" PRId32 "\n",
           A[0][0], A[0][1], A[0][2], A[0][3], B[0][0], B[0][1], B[0][2], B[0][3]);
    printf("trace=%lld sum=%lld min=%" PRId32 " max=%" PRId32 "\n", (long long)trace, (long long)sum, mn, mx);
    printf("C[0][0]=%" PRId32 " C[0][63]=%" PRId32 " C[17][42]=%" PRId32 " C[63][0]=%" PRId32 " C[63][63]=%" PRId32 "\n",
           C[0][0], C[0][63], C[17][42], C[63][0], C[63][63]);
    printf("hash=%08" PRIx32 " ikj-order mismatches=%d\n", hash, mismatches);
    return mismatches != 0;
}
