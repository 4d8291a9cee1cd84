// The order in which a computed jump's candidate targets join a region: nearest to the jump first.
namespace RvJit.Translator.Tests;

public class RegionCandidateOrderTests
{
    /// <summary>The plain sort that replaced LINQ on the start-up path keeps its order exactly: the candidates
    /// other than the excluded entry, by distance from the jump, equal distances (one before and one after the
    /// jump) in the order the interpreter listed them.</summary>
    [Fact]
    public void Candidates_join_nearest_to_the_jump_first_in_the_order_LINQ_gave()
    {
        var random = new Random(15);
        for (int round = 0; round < 500; round++)
        {
            const ulong page = 0x8001_2000;
            ulong jump = page + (ulong)random.Next(0, 2048) * 2;
            var candidates = Enumerable.Range(0, random.Next(0, 40)).Select(_ => page + (ulong)random.Next(0, 2048) * 2).ToList();
            if (candidates.Count > 2) candidates.Add(2 * jump - candidates[0]); // a tie: same distance, other side
            ulong exclude = candidates.Count > 0 ? candidates[random.Next(candidates.Count)] : 0;
            var expected = new List<ulong> { 7 };
            expected.AddRange(candidates.Where(t => t != exclude).OrderBy(t => t > jump ? t - jump : jump - t));
            var actual = new List<ulong> { 7 };
            GuestRegion.AddNearestFirst(actual, candidates, exclude, jump);
            Assert.Equal(expected, actual);
        }
    }
}
