using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Translator.Emit;

namespace RvJit.Translator.Persist;

/// <summary>
/// Writes regions into an assembly on disk (<see cref="PersistedAssemblyBuilder"/>): region i is the static method
/// <c>r{i}.Run</c>, the same method the engine compiles (<c>long (BlockLinks, CpuState*, JitContext, ulong)</c>),
/// emitted without host constants (<see cref="BlockEmitter.EmitPortable"/>). A later run loads it with
/// <see cref="System.Runtime.Loader.AssemblyLoadContext"/>; crossgen2 may precompile it first (ReadyToRun), and
/// otherwise RyuJIT compiles each method when it is first called.
/// </summary>
internal static class BundleAssembly
{
    private static readonly Type[] Parameters = [typeof(BlockLinks), typeof(CpuState*), typeof(JitContext), typeof(ulong)];

    /// <summary>Generated code reads internal members of rvjit's assemblies (the jump cache's arrays), as the quick
    /// tier's collectible assemblies do.</summary>
    private static CustomAttributeBuilder[] AccessChecks =>
    [
        new(typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(BundleAssembly).Assembly.GetName().Name!]),
        new(typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(CpuState).Assembly.GetName().Name!]),
    ];

    public static string TypeName(int index) => $"r{index}";

    /// <summary>Writes the regions to <paramref name="path"/>; returns each one's link slots and IL bytes.</summary>
    public static (int LinkSlots, int IlBytes)[] Write(string path, string assemblyName, IReadOnlyList<GuestRegion> regions)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(assemblyName), typeof(object).Assembly, AccessChecks);
        var module = builder.DefineDynamicModule(assemblyName);
        var result = new (int, int)[regions.Count];
        for (int i = 0; i < regions.Count; i++)
        {
            var type = module.DefineType(TypeName(i), TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var method = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(long), Parameters);
            method.SetImplementationFlags(MethodImplAttributes.IL | MethodImplAttributes.Managed | MethodImplAttributes.NoInlining);
            method.InitLocals = false; // every local is written before it is read
            var il = method.GetILGenerator(256 + 48 * regions[i].InstructionCount);
            int slots = BlockEmitter.EmitPortable(regions[i], il);
            result[i] = (slots, il.ILOffset);
            type.CreateType();
        }
        using var file = File.Create(path);
        builder.Save(file);
        return result;
    }
}
