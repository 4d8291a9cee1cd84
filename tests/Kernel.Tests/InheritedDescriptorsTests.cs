// The host descriptors the guest's first process inherits: those rvjit itself inherited (no FD_CLOEXEC).
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Tests;

public partial class InheritedDescriptorsTests
{
    private const int FDupFdCloExec = 1030;

    [Fact]
    public void A_descriptor_without_close_on_exec_is_listed_and_one_with_it_is_not()
    {
        int open = Dup(1); // dup(2) leaves FD_CLOEXEC off
        int closing = Fcntl(1, FDupFdCloExec, 0);
        Assert.True(open > 2 && closing > 2, $"dup {open}, F_DUPFD_CLOEXEC {closing}");
        try
        {
            int[] listed = InheritedDescriptors.List();
            Assert.Contains(open, listed);
            Assert.DoesNotContain(closing, listed);
            Assert.DoesNotContain(0, listed); // stdio is the guest's anyway
            Assert.DoesNotContain(1, listed);
            Assert.DoesNotContain(2, listed);
        }
        finally
        {
            Close(open);
            Close(closing);
        }
        Assert.DoesNotContain(open, InheritedDescriptors.List());
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
