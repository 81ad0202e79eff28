/* qsort: a hand-written quicksort (median-of-three Hoare partition, insertion
 * sort for short ranges, recursion on the smaller side) of 100,000 signed ints
 * from a fixed LCG; verifies the order and prints checksums. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#define N 100000

static int32_t a[N];

static void insertion_sort(int32_t *v, int lo, int hi)
{
    for (int i = lo + 1; i <= hi; i++) {
        int32_t x = v[i];
        int j = i - 1;
        while (j >= lo && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static void swap(int32_t *v, int i, int j)
{
    int32_t t = v[i];
    v[i] = v[j];
    v[j] = t;
}

static int max_depth;

static void quicksort(int32_t *v, int lo, int hi, int depth)
{
    while (hi - lo > 16) {
        if (depth > max_depth)
            max_depth = depth;
        int mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo]) swap(v, mid, lo);
        if (v[hi] < v[lo]) swap(v, hi, lo);
        if (v[hi] < v[mid]) swap(v, hi, mid);
        int32_t pivot = v[mid];
        int i = lo - 1, j = hi + 1;
        for (;;) {
            do i++; while (v[i] < pivot);
            do j--; while (v[j] > pivot);
            if (i >= j)
                break;
            swap(v, i, j);
        }
        /* [lo, j] <= pivot <= [j+1, hi]; recurse into the smaller part. */
        if (j - lo < hi - j) {
            quicksort(v, lo, j, depth + 1);
            lo = j + 1;
        } else {
            quicksort(v, j + 1, hi, depth + 1);
            hi = j;
        }
    }
    insertion_sort(v, lo, hi);
}

int main(void)
{
    uint32_t x = 12345;
    int64_t sum = 0;
    uint32_t xsum = 0;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        /* Signed, with duplicates: values in [-524288, 524287]. */
        a[i] = (int32_t)x / 4096;
        sum += a[i];
        xsum ^= (uint32_t)a[i];
    }
    printf("qsort: n=%d, LCG seed 12345, first %" PRId32 " %" PRId32 " %" PRId32 ", last %" PRId32 "\n",
           N, a[0], a[1], a[2], a[N - 1]);
    printf("input: sum=%lld xor=%08" PRIx32 "\n", (long long)sum, xsum);

    quicksort(a, 0, N - 1, 1);

    int unsorted = 0, dups = 0, negatives = 0;
    int64_t sum2 = 0;
    uint32_t xsum2 = 0, weighted = 0, fnv = 2166136261u;
    for (int i = 0; i < N; i++) {
        if (i > 0 && a[i - 1] > a[i])
            unsorted++;
        if (i > 0 && a[i - 1] == a[i])
            dups++;
        if (a[i] < 0)
            negatives++;
        sum2 += a[i];
        xsum2 ^= (uint32_t)a[i];
        weighted += (uint32_t)a[i] * (uint32_t)(i + 1);
        for (int k = 0; k < 4; k++) {
            fnv ^= ((uint32_t)a[i] >> (8 * k)) & 0xff;
            fnv *= 16777619u;
        }
    }
    printf("sorted: %s (%d inversions of neighbours), duplicates=%d, negatives=%d\n",
           unsorted ? "NO" : "yes", unsorted, dups, negatives);
    printf("same multiset: %s (sum=%lld xor=%08" PRIx32 ")\n",
           (sum2 == sum && xsum2 == xsum) ? "yes" : "NO", (long long)sum2, xsum2);
    printf("min=%" PRId32 " max=%" PRId32 " median=%" PRId32 "/%" PRId32 " a[12345]=%" PRId32 "\n",
           a[0], a[N - 1], a[N / 2 - 1], a[N / 2], a[12345]);
    printf("checksum: weighted=%08" PRIx32 " fnv1a=%08" PRIx32 "\n", weighted, fnv);
    printf("recursion depth=%d\n", max_depth);
    return unsorted || sum2 != sum || xsum2 != xsum;
}
