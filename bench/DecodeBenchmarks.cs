using BenchmarkDotNet.Attributes;
using RvJit.Runtime.Isa;

namespace RvJit.Bench;

/// <summary>Decoder throughput over a realistic mix of 32-bit and compressed encodings.</summary>
public class DecodeBenchmarks
{
    private uint[] words = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var rows = InstructionTable.Rows;
        words = new uint[4096];
        for (int i = 0; i < words.Length; i++)
        {
            var row = rows[rng.Next(rows.Count)];
            words[i] = i % 3 == 0 ? (uint)rng.Next(0, 0x10000) & 0xFFFC | 1 : (row.Match | ((uint)rng.Next() & ~row.Mask));
        }
    }

    [Benchmark(OperationsPerInvoke = 4096, Description = "decode (ns/instruction)")]
    public long Decode()
    {
        long sum = 0;
        foreach (uint w in words) sum += (long)Decoder.Decode(w).Op;
        return sum;
    }
}
