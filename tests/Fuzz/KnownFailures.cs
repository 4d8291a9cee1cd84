// Failures already being fixed elsewhere (issue 19), allowed by name so the CI runs can pass meanwhile.
using System.Text.RegularExpressions;

namespace RvJit.Fuzz;

/// <summary>
/// A named allowance: a failure class another part of issue 19 fixes. A case whose failure matches is
/// counted under the allowance's name (printed in every summary), neither a pass nor a failure. With
/// <see cref="GuestAvoids"/>, the syscall guest is also told the name and avoids the trigger, because the
/// trigger itself harms the fuzzing host (in-process runs share its memory). Remove an entry when its fix
/// is merged; the CI runs then prove the fix.
/// </summary>
/// <param name="Matches">Whether a failure (with the case's description) is this one.</param>
public sealed record KnownFailure(string Name, string Owner, bool GuestAvoids, Func<CaseOutcome, string, bool> Matches);

public static class KnownFailures
{
    public static IReadOnlyList<KnownFailure> All { get; } =
    [
        // write(fd, buf, 0x7ffff000) and its kin allocate a host array of the guest's length before checking the
        // guest range (issue 19, "Arguments not checked like Linux"): 2 GiB per call, a host OutOfMemory for
        // lengths past 2^31 (it killed an in-process fuzzing run). The guest keeps these lengths <= 1 MiB;
        // growth the in-process runner attributes to these calls (AllocationTracingWriter) is matched too.
        new("io-length-allocates-host-memory", "ioargs", GuestAvoids: true,
            (o, _) => o.Class == OutcomeClass.MemoryGrowth && Regex.IsMatch(o.Detail, @"(MiB: |\] )(write|pwrite64|writev|pwritev|pwritev2|read|pread64|readv|preadv|preadv2)\(")),

        // mincore with a length that wraps: an OverflowException in the kernel, the process dies of SIGSYS
        // (Linux: ENOMEM). Harmless to the host, so only matched, not avoided.
        new("mincore-length-overflow", "memargs", GuestAvoids: false,
            (o, _) => o.Class == OutcomeClass.InternalError && o.Detail.Contains("internal error in mincore", StringComparison.Ordinal)
                      && o.Detail.Contains("OverflowException", StringComparison.Ordinal)),

        // A PT_LOAD with W and no R: the page-table entry gets no permission, every load faults and the fault
        // handler "handles" it for ever (100% CPU). Each case costs the whole time limit, so the ELF fuzzer
        // adds R to such segments while the allowance is in force (the case's description says so).
        new(WriteWithoutReadName, "memargs", GuestAvoids: true,
            (o, description) => o.Class == OutcomeClass.Hang && description.Contains(WriteWithoutReadName, StringComparison.Ordinal)),
    ];

    public const string WriteWithoutReadName = "write-without-read-fault-loop";

    public static bool IsActive(string name) => Active.Any(k => k.Name == name);

    /// <summary>The allowances in force (all, or none with --no-allowances).</summary>
    public static IReadOnlyList<KnownFailure> Active { get; set; } = All;

    public static KnownFailure? Match(CaseOutcome outcome, string description) =>
        outcome.IsFailure ? Active.FirstOrDefault(k => k.Matches(outcome, description)) : null;

    /// <summary>Names the syscall guest takes on its command line.</summary>
    public static string[] GuestAllowances => [.. Active.Where(k => k.GuestAvoids && k.Name != WriteWithoutReadName).Select(k => k.Name)];
}
