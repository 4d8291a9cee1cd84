using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Translator.Emit;

namespace RvJit.Translator.Persist;

/// <summary>
/// Writes regions into an assembly on disk (<see cref="PersistedAssemblyBuilder"/>): region i is the static method
/// <c>regions.r{i}</c>, the same method the engine compiles (<c>long (BlockLinks, CpuState*, JitContext, ulong)</c>),
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

    /// <summary>The type whose static methods are the regions, region i's named <see cref="MethodName"/>(i).</summary>
    public const string RegionsType = "regions";
    public static string MethodName(int index) => $"r{index}";

    /// <summary>The type holding <see cref="FactoryMethod"/>.</summary>
    public const string FactoryType = "rvjit_bind", FactoryMethod = "Make";

    /// <summary>The metadata token of <see cref="FactoryMethod"/>: the first method of the assembly (its type is defined
    /// before the regions' type), so a later run binds it by token (<see cref="LoadedBundle.Factory"/>), without reflection.</summary>
    public const int FactoryToken = 0x06000001;

    /// <summary>
    /// <c>static BlockFunction Make(int i, BlockLinks links)</c>: region i's method as a delegate bound to links (null
    /// for another i), the way C# makes a delegate of an extension method. Binding a region through reflection
    /// (its type by name, its method, <see cref="Delegate.CreateDelegate(Type, object, MethodInfo)"/>) cost a run
    /// about as much as the interpreter spends on a thousand guest instructions; precompiled, this is a jump table.
    /// Defined (<see cref="DefineFactory"/>) before the regions, so that it is the assembly's first method
    /// (<see cref="FactoryToken"/>); its body is emitted after them (<see cref="EmitFactory"/>).
    /// </summary>
    private static (TypeBuilder Type, MethodBuilder Make) DefineFactory(ModuleBuilder module)
    {
        var type = module.DefineType(FactoryType, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var make = type.DefineMethod(FactoryMethod, MethodAttributes.Public | MethodAttributes.Static, typeof(BlockFunction), [typeof(int), typeof(BlockLinks)]);
        return (type, make);
    }

    private static void EmitFactory(TypeBuilder type, MethodBuilder make, MethodBuilder[] methods)
    {
        var il = make.GetILGenerator(16 + 16 * methods.Length);
        var ctor = typeof(BlockFunction).GetConstructor([typeof(object), typeof(nint)])!;
        var labels = new Label[methods.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Switch, labels);
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ret);
        for (int i = 0; i < labels.Length; i++)
        {
            il.MarkLabel(labels[i]);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldftn, methods[i]);
            il.Emit(OpCodes.Newobj, ctor);
            il.Emit(OpCodes.Ret);
        }
        type.CreateType();
    }

    /// <summary>Writes the regions to <paramref name="path"/>, those <paramref name="optimised"/> names (null: none) emitted
    /// optimised; returns each one's link slots, IL bytes and entry mask (0: the quick shape).</summary>
    public static (int LinkSlots, int IlBytes, uint EntryMask)[] Write(string path, string assemblyName, IReadOnlyList<GuestRegion> regions,
        IReadOnlyList<bool>? optimised = null)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(assemblyName), typeof(object).Assembly, AccessChecks);
        var module = builder.DefineDynamicModule(assemblyName);
        var result = new (int, int, uint)[regions.Count];
        var methods = new MethodBuilder[regions.Count];
        var (factoryType, make) = DefineFactory(module);
        // One type for every region: the runtime loads a type when its first method is first called, and a type per
        // region cost a second run a type load for each region it entered. BeforeFieldInit: without it crossgen2 cannot
        // tell that the type needs no initialisation and starts every region with a call to its static-base helper.
        var type = module.DefineType(RegionsType, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit);
        for (int i = 0; i < regions.Count; i++)
        {
            var method = type.DefineMethod(MethodName(i), MethodAttributes.Public | MethodAttributes.Static, typeof(long), Parameters);
            method.SetImplementationFlags(MethodImplAttributes.IL | MethodImplAttributes.Managed | MethodImplAttributes.NoInlining);
            method.InitLocals = false; // every local is written before it is read
            var il = method.GetILGenerator(256 + 48 * regions[i].InstructionCount);
            bool optimise = optimised?[i] == true;
            int slots = BlockEmitter.EmitPortable(regions[i], il, optimise, out uint entryMask);
            methods[i] = method;
            result[i] = (slots, il.ILOffset, optimise ? entryMask : 0);
        }
        type.CreateType();
        EmitFactory(factoryType, make, methods);
        using var file = File.Create(path);
        builder.Save(file);
        return result;
    }
}
