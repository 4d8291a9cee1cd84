// The system call table: families register at first use, and every row is reachable by number and named consistently.
using RvJit.Kernel.Syscalls;

namespace RvJit.Kernel.Tests;

public class SyscallTableTests
{
    [Fact]
    public void Every_family_registers_its_rows_under_their_numbers_and_names()
    {
        using var kernel = new LinuxKernel(new KernelSettings { RamSize = 16UL << 20 });
        var rows = kernel.Syscalls.Implemented.ToList();
        Assert.Equal(240, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(row.Number, SyscallNames.NumberOf(row.Name));
            Assert.Equal(row.Name, SyscallNames.Of(row.Number));
            Assert.Same(row, kernel.Syscalls[row.Number]);
        }
    }

    [Fact]
    public void A_call_of_a_later_family_is_found_by_number_first()
    {
        using var kernel = new LinuxKernel(new KernelSettings { RamSize = 16UL << 20 });
        // mq_open (180) is in the last family to register, getpid (172) in the first.
        Assert.Equal("mq_open", kernel.Syscalls[180]!.Name);
        Assert.Equal("getpid", kernel.Syscalls[172]!.Name);
        Assert.Null(kernel.Syscalls[494]);
        Assert.Equal("syscall_494", SyscallNames.Of(494));
        Assert.Equal("io_setup", SyscallNames.Of(0));
        Assert.Equal("set_mempolicy_home_node", SyscallNames.Of(450));
        Assert.Equal(-1, SyscallNames.NumberOf("no_such_call"));
    }
}
