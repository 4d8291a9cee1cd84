using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;

namespace RvJit.Translator.Emit;

/// <summary>
/// Where a region's IL goes and how it becomes a <see cref="BlockFunction"/>, per <see cref="CodeTier"/>.
/// Both tiers make the same method, <c>long (BlockLinks links, CpuState*, JitContext, ulong entryPc)</c>, bound
/// to its links as a closed delegate, so they call each other through link slots and the jump cache alike.
///
/// <see cref="CodeTier.Optimised"/> is a <see cref="DynamicMethod"/>, which RyuJIT always compiles fully
/// optimised. <see cref="CodeTier.Quick"/> is a static method of a type of its own in a collectible assembly
/// (<see cref="QuickAssemblies"/>), marked <see cref="MethodImplAttributes.NoOptimization"/>: RyuJIT compiles it with minopts (no
/// register allocation across blocks, no loop or CSE work). Minopts' time still grows with every IL statement and
/// basic block (about 1-2 us each, measured with bench's compile-cost), so the quick tier's IL is the compact form
/// (<see cref="BlockEmitter"/>): on gofmt's regions RyuJIT takes about 150 us a region plus 4 us a guest instruction
/// there, against 400 us plus 22 us for the optimised compile.
/// </summary>
internal abstract class RegionMethod
{
    public abstract ILGenerator IL { get; }

    /// <summary>Emits <paramref name="op"/> on a field or a method (with at least one argument: the IL generator then
    /// tracks the stack depth from above when given a raw token).</summary>
    public virtual void Emit(OpCode op, MemberInfo member)
    {
        if (member is FieldInfo f) IL.Emit(op, f);
        else IL.Emit(op, (MethodInfo)member);
    }

    /// <summary>The finished method as a delegate closed over <paramref name="links"/>.</summary>
    public abstract BlockFunction Bind(BlockLinks links);

    private static readonly Type[] Parameters = [typeof(BlockLinks), typeof(CpuState*), typeof(JitContext), typeof(ulong)];

    /// <param name="tier">The tier.</param>
    /// <param name="quick">Where quick-tier methods are defined (one per engine).</param>
    /// <param name="name">The method's name (the region's entry).</param>
    /// <param name="ilSizeHint">Expected IL bytes.</param>
    public static RegionMethod Create(CodeTier tier, QuickAssemblies quick, string name, int ilSizeHint) => tier switch
    {
        CodeTier.Quick => new QuickMethod(quick, name, ilSizeHint),
        _ => new OptimisedMethod(name, ilSizeHint),
    };

    /// <summary>A dynamic method, its IL written by <see cref="RegionIlGenerator"/> and handed over whole
    /// (<see cref="DynamicILInfo"/>).</summary>
    private sealed class OptimisedMethod : RegionMethod, RegionIlGenerator.ITokenScope
    {
        private readonly DynamicMethod method;
        private readonly DynamicILInfo info;
        private readonly RegionIlGenerator il;

        public OptimisedMethod(string name, int ilSizeHint)
        {
            method = new DynamicMethod(name, typeof(long), Parameters, typeof(BlockEmitter).Module, skipVisibility: true);
            method.InitLocals = false; // every local is written before it is read: skip zeroing the frame
            info = method.GetDynamicILInfo();
            il = new RegionIlGenerator(this, ilSizeHint);
        }

        public override ILGenerator IL => il;

        public int Token(MemberInfo member) => member switch
        {
            FieldInfo f when f.DeclaringType is { IsGenericType: true } t => info.GetTokenFor(f.FieldHandle, t.TypeHandle),
            FieldInfo f => info.GetTokenFor(f.FieldHandle),
            MethodBase m when m.DeclaringType is { IsGenericType: true } t => info.GetTokenFor(m.MethodHandle, t.TypeHandle),
            MethodBase m => info.GetTokenFor(m.MethodHandle),
            _ => throw new ArgumentException($"no token for {member}"),
        };

        public int SignatureToken(byte[] signature) => info.GetTokenFor(signature);

        /// <summary>A dynamic method's signatures name a class by its runtime handle; the delegate type is the one class
        /// region locals hold.</summary>
        public ReadOnlySpan<byte> LocalType(Type type) =>
            type == typeof(BlockFunction) ? BlockFunctionLocal : RegionIlGenerator.LocalTypeFrom(SignatureHelper.GetLocalVarSigHelper(), type);

        private static readonly byte[] BlockFunctionLocal = RegionIlGenerator.LocalTypeFrom(SignatureHelper.GetLocalVarSigHelper(), typeof(BlockFunction));

        public override BlockFunction Bind(BlockLinks links)
        {
            var (code, maxStack, locals) = il.Finish();
            info.SetCode(code, maxStack);
            info.SetLocalSignature(locals);
            return (BlockFunction)method.CreateDelegate(typeof(BlockFunction), links);
        }
    }

    /// <summary>A static method of a collectible assembly's type (<see cref="QuickAssemblies"/>), written with the runtime's
    /// IL generator: a method builder takes its body from no other (.NET has no <c>SetMethodBody</c>).</summary>
    private sealed class QuickMethod : RegionMethod
    {
        private readonly QuickAssemblies assemblies;
        private readonly TypeBuilder type;
        private readonly MethodBuilder method;
        private readonly ILGenerator il;

        public QuickMethod(QuickAssemblies assemblies, string name, int ilSizeHint)
        {
            this.assemblies = assemblies;
            (type, method) = assemblies.DefineRegion(name, Parameters);
            il = method.GetILGenerator(ilSizeHint);
        }

        public override ILGenerator IL => il;

        /// <summary>With the module's cached token (<see cref="QuickAssemblies.Token"/>).</summary>
        public override void Emit(OpCode op, MemberInfo member) => il.Emit(op, assemblies.Token(method, member));

        public override BlockFunction Bind(BlockLinks links) =>
            (BlockFunction)Delegate.CreateDelegate(typeof(BlockFunction), links, assemblies.Finish(type, method.Name));
    }
}
