// The generator's random source: SplitMix64, written out here so that a seed always yields the same program,
// whatever System.Random's algorithm is in the runtime at hand.
namespace RvJit.RiscvTests.Differential;

/// <summary>A small, fast, seedable 64-bit generator (SplitMix64). Same seed, same sequence, on every platform.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, bound). Multiply-high keeps the bias below 2^-32 for the bounds used here.</summary>
    public int Below(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        return (int)Math.BigMul(Next(), (ulong)bound, out _);
    }

    /// <summary>A number in [low, high], both ends included.</summary>
    public int Between(int low, int high) => low + Below(high - low + 1);

    /// <summary>True with the given probability in percent.</summary>
    public bool Percent(int percent) => Below(100) < percent;

    /// <summary>One element of a non-empty list.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];
}
