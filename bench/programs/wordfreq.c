/* wordfreq: string processing. Generates text from a syllable vocabulary with a skewed word
 * distribution, then per round tokenizes it (case folding, punctuation), counts words in an
 * open-addressing hash table, picks the most frequent words and counts occurrences of a substring. */
#include <string.h>
#include "bench_common.h"

#define TABLE_SIZE 16384 /* power of two, well above the vocabulary size */
#define MAX_WORD 32

typedef struct { char word[MAX_WORD]; uint32_t len, count; } entry_t;

static entry_t table[TABLE_SIZE];

static uint32_t fnv1a(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) { h ^= (uint8_t)s[i]; h *= 16777619u; }
    return h;
}

static void count_word(const char *w, uint32_t n)
{
    uint32_t i = fnv1a(w, n) & (TABLE_SIZE - 1);
    for (;;) {
        entry_t *e = &table[i];
        if (e->len == 0) { memcpy(e->word, w, n); e->len = n; e->count = 1; return; }
        if (e->len == n && memcmp(e->word, w, n) == 0) { e->count++; return; }
        i = (i + 1) & (TABLE_SIZE - 1);
    }
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* Splits text into lower-cased alphabetic words and counts them; returns the number of words. */
static long tokenize(const char *text, long n)
{
    char w[MAX_WORD];
    long words = 0;
    uint32_t len = 0;
    for (long i = 0; i <= n; i++) {
        char c = i < n ? text[i] : ' ';
        if (is_alpha(c)) {
            if (len < MAX_WORD - 1) w[len++] = lower(c);
        } else if (len > 0) {
            count_word(w, len);
            words++;
            len = 0;
        }
    }
    return words;
}

/* Naive substring count (overlapping matches), scanning for the first byte then comparing. */
static long count_substring(const char *text, long n, const char *pat)
{
    long m = (long)strlen(pat), hits = 0;
    for (long i = 0; i + m <= n; i++) {
        if (text[i] != pat[0]) continue;
        long k = 1;
        while (k < m && text[i + k] == pat[k]) k++;
        if (k == m) hits++;
    }
    return hits;
}

/* Index of the entry with the highest count not already chosen (ties broken alphabetically). */
static int top_entry(const int *chosen, int nchosen)
{
    int best = -1;
    for (int i = 0; i < TABLE_SIZE; i++) {
        if (table[i].len == 0) continue;
        int skip = 0;
        for (int k = 0; k < nchosen; k++) skip |= chosen[k] == i;
        if (skip) continue;
        if (best < 0 || table[i].count > table[best].count ||
            (table[i].count == table[best].count && strcmp(table[i].word, table[best].word) < 0))
            best = i;
    }
    return best;
}

int main(int argc, char **argv)
{
    long rounds = bench_scaled(70, bench_scale(argc, argv));
    static const char *syll[] = { "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "qua",
                                  "ber", "dan", "fel", "gor", "hin", "jup", "th", "str", "ex", "on" };
    enum { VOCAB = 4000, TEXT = 1 << 20 };
    static char vocab[VOCAB][MAX_WORD];
    rng_t r;
    rng_seed(&r, 31337);
    for (int v = 0; v < VOCAB; v++) {
        int parts = 1 + (int)rng_below(&r, 4);
        vocab[v][0] = '\0';
        for (int p = 0; p < parts; p++) strcat(vocab[v], syll[rng_below(&r, 20)]);
    }
    char *text = malloc(TEXT + MAX_WORD + 2);
    if (!text) { fputs("out of memory\n", stderr); return 1; }
    long n = 0;
    while (n < TEXT) {
        /* Nested draw skews the distribution toward low indices (Zipf-like). */
        const char *w = vocab[rng_below(&r, rng_below(&r, VOCAB) + 1)];
        long start = n;
        for (const char *c = w; *c; c++) text[n++] = *c;
        if (rng_below(&r, 10) == 0) text[start] = (char)(text[start] - 32);
        uint32_t sep = rng_below(&r, 20);
        text[n++] = sep == 0 ? '.' : sep == 1 ? ',' : sep == 2 ? '\n' : ' ';
        if (sep < 2) text[n++] = ' ';
    }
    text[n] = '\0';

    uint64_t h = 0;
    long words = 0, hits = 0;
    int top[5];
    for (long it = 0; it < rounds; it++) {
        memset(table, 0, sizeof table);
        words = tokenize(text, n);
        hits = count_substring(text, n, "strex") + count_substring(text, n, "quaon");
        for (int k = 0; k < 5; k++) top[k] = top_entry(top, k);
        for (int k = 0; k < 5; k++) h = mix64(h, fnv1a(table[top[k]].word, table[top[k]].len) ^ table[top[k]].count);
        h = mix64(h, (uint64_t)words ^ (uint64_t)hits << 32);
        text[(it * 7919) % n] = 'x'; /* perturb so rounds differ */
    }
    printf("wordfreq bytes=%ld rounds=%ld words=%ld hits=%ld top=%s:%u checksum=%016llx\n", n, rounds, words, hits,
           table[top[0]].word, table[top[0]].count, (unsigned long long)h);
    free(text);
    return 0;
}
