using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;

namespace RvJit.Translator.Emit;

/// <summary>
/// The collectible assemblies (<see cref="AssemblyBuilderAccess.RunAndCollect"/>) that hold quick-tier regions,
/// one type with one static method per region. An assembly of its own per region cost about 550 us more per
/// region than the minopts compile itself (defining the assembly, and the first call's loader set-up), so
/// <see cref="RegionsPerAssembly"/> regions share one: an assembly is collected when the last delegate to any
/// of its regions is dropped, so a promoted or invalidated quick region's memory waits for its neighbours
/// (a bounded cost: quick regions are small, and promoted ones are few of them).
/// One per engine; the engine's compile threads share it (defining types in a module is not thread-safe,
/// so that part takes a lock; emitting each method's IL does not).
/// </summary>
internal sealed class QuickAssemblies
{
    public const int RegionsPerAssembly = 256;

    /// <summary>Generated code reads internal members (the jump cache's arrays) as a dynamic method with
    /// skipVisibility does: the runtime honours this attribute, by name, on the assembly it is applied to. Made with the
    /// first assembly (a class of its own, so its static initializer waits for that): it takes reflection, which a
    /// short program that never compiles a region should not pay for (about 0.4 ms of its start-up with the tokens).</summary>
    private static class AccessChecks
    {
        public static readonly CustomAttributeBuilder[] Attributes =
        [
            new(typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(QuickAssemblies).Assembly.GetName().Name!]),
            new(typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(CpuState).Assembly.GetName().Name!]),
        ];
    }

    private readonly Lock gate = new();
    private ModuleBuilder? module;
    /// <summary>The current module's tokens for the members generated code names: a token made by the IL generator
    /// for each use costs about 2 us (a member reference built and looked up in the module's metadata), 20-40 us a
    /// region.</summary>
    private Dictionary<MemberInfo, int>? tokens; // made with the first module (its key comparer is made by reflection)
    private int regionsInModule, assemblies;

    /// <summary>A new type holding the region's method (<c>NoOptimization</c>: RyuJIT compiles it with minopts).</summary>
    public (TypeBuilder Type, MethodBuilder Method) DefineRegion(string name, Type[] parameters)
    {
        lock (gate)
        {
            if (module is null || regionsInModule == RegionsPerAssembly)
            {
                string assemblyName = $"rvjit_quick_{assemblies++}";
                module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(assemblyName), AssemblyBuilderAccess.RunAndCollect, AccessChecks.Attributes)
                    .DefineDynamicModule(assemblyName);
                regionsInModule = 0;
                if (tokens is null) tokens = new();
                else tokens.Clear();
            }
            // A label (--perf-map) names the method, where profilers see it, and keeps out of the type name, where
            // reflection would parse its '+' and brackets.
            bool labelled = name.StartsWith(LabelPrefix, StringComparison.Ordinal);
            var type = module.DefineType($"{(labelled ? "rv_region" : name)}_{regionsInModule++}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var method = type.DefineMethod(labelled ? name : "Run", MethodAttributes.Public | MethodAttributes.Static, typeof(long), parameters);
            method.SetImplementationFlags(MethodImplAttributes.IL | MethodImplAttributes.Managed | MethodImplAttributes.NoOptimization | MethodImplAttributes.NoInlining);
            method.InitLocals = false; // every local is written before it is read
            return (type, method);
        }
    }

    /// <summary>The token of <paramref name="member"/> (a field, or a method of another assembly) in the module that
    /// holds <paramref name="method"/>, for <see cref="ILGenerator.Emit(OpCode, int)"/>.</summary>
    public int Token(MethodBuilder method, MemberInfo member)
    {
        var owner = (ModuleBuilder)method.Module;
        lock (gate)
        {
            if (owner != module || tokens is null) return MakeToken(owner, member); // the module filled up meanwhile: not cached
            if (!tokens.TryGetValue(member, out int token)) tokens[member] = token = MakeToken(owner, member);
            return token;
        }
    }

    private static int MakeToken(ModuleBuilder module, MemberInfo member) => member switch
    {
        FieldInfo f => module.GetFieldMetadataToken(f),
        MethodInfo m => module.GetMethodMetadataToken(m),
        _ => throw new ArgumentException($"no token for {member}"),
    };

    /// <summary>Region labels (<see cref="GuestRegion.Label"/>) start with this.</summary>
    public const string LabelPrefix = "rvjit:";

    /// <summary>Creates the type (its IL complete) and returns the region's method.</summary>
    public MethodInfo Finish(TypeBuilder type, string methodName = "Run")
    {
        lock (gate) return type.CreateType().GetMethod(methodName)!;
    }
}
