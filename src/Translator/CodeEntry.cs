using System.Reflection;
using RvJit.Runtime.Hart;

namespace RvJit.Translator;

/// <summary>
/// A translation's code as generated code calls it without its delegate: the host code and the object it takes as
/// its first argument (the <see cref="BlockLinks"/> a region's method is bound to). The jump cache keeps both beside
/// the pc, so a return across pages jumps after one load instead of three dependent ones (the function's slot, the
/// delegate, its code pointer).
/// </summary>
internal static unsafe class CodeEntry
{
    // CoreCLR's delegate fields. A delegate closed over its static method's first argument (how every region is bound)
    // holds that argument in _target and the method's code in _methodPtr, with _methodPtrAux 0; another shape (or a
    // runtime without these fields) goes through Invoke below, which is what calling the delegate does.
    private static readonly FieldInfo? TargetField = typeof(Delegate).GetField("_target", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? MethodPtrField = typeof(Delegate).GetField("_methodPtr", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? MethodPtrAuxField = typeof(Delegate).GetField("_methodPtrAux", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>(first argument, code) for <paramref name="function"/>.</summary>
    public static (object Target, nint Code) Of(BlockFunction function)
    {
        if (TargetField?.GetValue(function) is BlockLinks links && function.Target == links
            && MethodPtrField?.GetValue(function) is nint code && code != 0
            && MethodPtrAuxField?.GetValue(function) is nint aux && aux == 0)
            return (links, code);
        return (function, (nint)(delegate* managed<BlockFunction, CpuState*, JitContext, ulong, long>)&Invoke);
    }

    private static long Invoke(BlockFunction function, CpuState* state, JitContext ctx, ulong entryPc) => function(state, ctx, entryPc);
}
