namespace RvJit.Translator;

/// <summary>How a region is compiled: quickly for code that has turned warm, optimised for code that stays hot.</summary>
public enum CodeTier : byte
{
    /// <summary>RyuJIT's minopts; the code counts its entries and loop iterations and asks to be promoted. Its IL is
    /// shaped for compile cost (BlockEmitter's compact form: TLB probes, exits and the promotion count are calls into
    /// <see cref="JitHelpers"/>), about half the optimised tier's IL a guest instruction.</summary>
    Quick,
    /// <summary>RyuJIT's full optimisation.</summary>
    Optimised,
}
