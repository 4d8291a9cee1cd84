// Failures already being fixed elsewhere (issue 19), allowed by name so the CI runs can pass meanwhile.
namespace RvJit.Fuzz;

/// <summary>
/// A named allowance: a failure class another part of issue 19 fixes. A case whose failure matches is
/// counted under the allowance's name (printed in every summary), not as a pass and not as a failure.
/// Remove an entry when its fix is merged; the CI run then proves it.
/// </summary>
public sealed record KnownFailure(string Name, string Owner, Func<CaseOutcome, bool> Matches);

public static class KnownFailures
{
    /// <summary>Empty when every failure the fuzzers find is a bug to fix now.</summary>
    public static IReadOnlyList<KnownFailure> All { get; } = [];

    public static KnownFailure? Match(CaseOutcome outcome) =>
        outcome.IsFailure ? All.FirstOrDefault(k => k.Matches(outcome)) : null;
}
