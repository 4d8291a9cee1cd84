// Process ids: the first process may take rvjit's host pid, wherever it lies; the others come from the range.
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Tests;

public class ProcessIdTests
{
    [Theory]
    [InlineData(7)]      // rvjit as a low pid in a container
    [InlineData(54321)]  // an ordinary host pid
    public void The_first_process_takes_the_preferred_id_and_later_ones_never_repeat_it(int hostPid)
    {
        var table = new ProcessTable();
        Assert.Equal(hostPid, table.AllocateId(hostPid));
        var later = Enumerable.Range(0, 100).Select(_ => table.AllocateId()).ToList();
        Assert.DoesNotContain(hostPid, later);
        Assert.Equal(later.Count, later.Distinct().Count());
    }

    [Fact]
    public void A_preferred_id_that_is_taken_or_out_of_range_falls_back_to_the_range()
    {
        var table = new ProcessTable();
        int first = table.AllocateId();
        Assert.NotEqual(first, table.AllocateId(first));
        Assert.InRange(table.AllocateId(0), 1000, 4_194_303);
        Assert.InRange(table.AllocateId(5_000_000), 1000, 4_194_303);
    }
}
