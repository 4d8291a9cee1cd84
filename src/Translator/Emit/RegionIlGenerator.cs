using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace RvJit.Translator.Emit;

/// <summary>
/// An <see cref="ILGenerator"/> that only writes the IL bytes, for an optimised region's <see cref="DynamicMethod"/>,
/// which takes the finished body through <see cref="DynamicILInfo"/>. The runtime's generator for a dynamic method does
/// more per call (a new token for every use of a field or method, checks of each local's owner, arrays grown by
/// copying, the locals' signature built one type at a time, all of it copied again when the method is bound).
/// Opcodes are written as the runtime's generator writes them (ldc.i4 and locals in their short forms, a branch in the
/// form it is given), so the IL is the same bytes (<c>RegionIlGeneratorTests</c>); the maximum stack depth is tracked
/// exactly instead of bounded. Only what region methods use is implemented: no exception blocks, scopes, strings or
/// signatures. (A quick region's <see cref="MethodBuilder"/> takes its body from the runtime's generator only: .NET
/// has no <c>SetMethodBody</c>.)
/// </summary>
internal sealed class RegionIlGenerator : ILGenerator
{
    /// <summary>Where tokens and the locals' signature come from: a dynamic method's scope or a module.</summary>
    public interface ITokenScope
    {
        int Token(MemberInfo member);
        /// <summary>The signature bytes of a local of <paramref name="type"/>, a class (primitives are encoded here).</summary>
        ReadOnlySpan<byte> LocalType(Type type);
        /// <summary>A token for a stand-alone method signature (calli's operand).</summary>
        int SignatureToken(byte[] signature);
    }

    private readonly ITokenScope scope;
    private byte[] code;
    private int length;
    private int depth, maxDepth;
    private bool reachable = true;
    private int[] labelPositions = new int[32];    // -1 until marked
    private int[] labelDepths = new int[32];       // the stack depth a branch to it leaves, -1: none yet
    private int labelCount;
    private readonly List<(int At, int Label, int End, bool Short)> fixups = new(64); // sized for a typical region
    private readonly List<Type> localTypes = new(32);
    // The members named so far, their tokens and (methods) stack changes: a region names a few dozen at most, and a
    // search of these is cheaper than hashing each use.
    private MemberInfo[] members = new MemberInfo[16];
    private (int Token, int StackChange)[] memberFacts = new (int, int)[16];
    private int memberCount;

    public RegionIlGenerator(ITokenScope scope, int sizeHint)
    {
        this.scope = scope;
        code = new byte[Math.Max(64, sizeHint)];
    }

    public override int ILOffset => length;

    /// <summary>The locals' types, in order.</summary>
    public IReadOnlyList<Type> LocalTypes => localTypes;

    /// <summary>The finished body: the IL, its maximum stack depth and the locals' signature.</summary>
    public (byte[] Code, int MaxStack, byte[] LocalSignature) Finish()
    {
        foreach (var (at, label, end, isShort) in fixups)
        {
            int target = labelPositions[label];
            if (target < 0) throw new InvalidOperationException("translator: a branch to a label never marked");
            int delta = target - end;
            if (isShort)
            {
                if (delta is < sbyte.MinValue or > sbyte.MaxValue) throw new InvalidOperationException("translator: a short branch out of range");
                code[at] = (byte)(sbyte)delta;
            }
            else BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(at), delta);
        }
        var signature = new List<byte>(2 + 2 * localTypes.Count) { 0x07 }; // LOCAL_SIG
        AddCompressed(signature, localTypes.Count);
        foreach (var type in localTypes)
        {
            byte element = PrimitiveElement(type);
            if (element != 0) signature.Add(element);
            else foreach (byte b in scope.LocalType(type)) signature.Add(b);
        }
        return (code.AsSpan(0, length).ToArray(), maxDepth, [.. signature]);
    }

    /// <summary>The signature element of a primitive type (ECMA-335 II.23.1.16), 0 for any other.</summary>
    public static byte PrimitiveElement(Type type) =>
        type == typeof(ulong) ? (byte)0x0B : type == typeof(long) ? (byte)0x0A : type == typeof(int) ? (byte)0x08 : type == typeof(uint) ? (byte)0x09
        : type == typeof(nint) ? (byte)0x18 : type == typeof(nuint) ? (byte)0x19 : type == typeof(double) ? (byte)0x0D : type == typeof(float) ? (byte)0x0C
        : type == typeof(bool) ? (byte)0x02 : type == typeof(byte) ? (byte)0x05 : type == typeof(sbyte) ? (byte)0x04 : type == typeof(short) ? (byte)0x06
        : type == typeof(ushort) ? (byte)0x07 : (byte)0;

    private static byte CalliElement(Type type) =>
        type == typeof(object) ? (byte)0x1C : PrimitiveElement(type) is not 0 and var element ? element : throw Unsupported();

    /// <summary>A local of <paramref name="type"/> as <paramref name="signature"/> (a signature of locals) encodes it.</summary>
    public static byte[] LocalTypeFrom(SignatureHelper signature, Type type)
    {
        signature.AddArgument(type);
        return signature.GetSignature()[2..]; // after LOCAL_SIG and the count (1)
    }

    private static void AddCompressed(List<byte> to, int value)
    {
        if (value < 0x80) to.Add((byte)value);
        else if (value < 0x4000) { to.Add((byte)(0x80 | value >> 8)); to.Add((byte)value); }
        else { to.Add((byte)(0xC0 | value >> 24)); to.Add((byte)(value >> 16)); to.Add((byte)(value >> 8)); to.Add((byte)value); }
    }

    // ---- Writing ----

    /// <summary>An operand's bytes, after its <see cref="Op"/> (which made room for them).</summary>
    private Span<byte> Reserve(int bytes)
    {
        var span = code.AsSpan(length, bytes);
        length += bytes;
        return span;
    }

    private void Op(OpCode op, int stackChange)
    {
        if (length + 16 > code.Length) Array.Resize(ref code, code.Length * 2); // room for the longest instruction
        short value = op.Value;
        if (op.Size == 1) code[length++] = (byte)value;
        else { code[length] = (byte)(value >> 8); code[length + 1] = (byte)value; length += 2; }
        depth += stackChange;
        if (depth > maxDepth) maxDepth = depth;
        if (op.FlowControl is FlowControl.Branch or FlowControl.Return or FlowControl.Throw) reachable = false;
    }

    private void Op(OpCode op) => Op(op, op.EvaluationStackDelta);

    private void Int32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public override void Emit(OpCode opcode) => Op(opcode);
    public override void Emit(OpCode opcode, byte arg) { Op(opcode); Reserve(1)[0] = arg; }
    public override void Emit(OpCode opcode, short arg) { Op(opcode); BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), arg); }
    /// <summary>As the runtime's generator: ldc.i4 takes its shortest form.</summary>
    public override void Emit(OpCode opcode, int arg)
    {
        if (opcode.Value == LdcI4Value)
        {
            if (arg is >= -1 and <= 8) { Op(ShortConstants[arg + 1]); return; }
            if (arg is >= sbyte.MinValue and <= sbyte.MaxValue) { Op(OpCodes.Ldc_I4_S); Reserve(1)[0] = (byte)(sbyte)arg; return; }
        }
        Op(opcode);
        Int32(arg);
    }

    private static readonly short LdcI4Value = OpCodes.Ldc_I4.Value;
    private static readonly OpCode[] ShortConstants =
        [OpCodes.Ldc_I4_M1, OpCodes.Ldc_I4_0, OpCodes.Ldc_I4_1, OpCodes.Ldc_I4_2, OpCodes.Ldc_I4_3, OpCodes.Ldc_I4_4, OpCodes.Ldc_I4_5, OpCodes.Ldc_I4_6, OpCodes.Ldc_I4_7, OpCodes.Ldc_I4_8];
    public override void Emit(OpCode opcode, long arg) { Op(opcode); BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), arg); }
    public override void Emit(OpCode opcode, float arg) { Op(opcode); BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), arg); }
    public override void Emit(OpCode opcode, double arg) { Op(opcode); BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), arg); }

    public override void Emit(OpCode opcode, FieldInfo field)
    {
        var (token, _) = Member(field);
        Op(opcode);
        Int32(token);
    }

    public override void Emit(OpCode opcode, MethodInfo meth)
    {
        var (token, callChange) = Member(meth);
        Op(opcode, opcode.StackBehaviourPop == StackBehaviour.Varpop ? callChange : opcode.EvaluationStackDelta);
        Int32(token);
    }

    /// <summary>The member's token and, for a method, a call's stack change: its arguments (and target) popped, its
    /// result pushed.</summary>
    private (int Token, int StackChange) Member(MemberInfo member)
    {
        for (int i = 0; i < memberCount; i++)
            if (ReferenceEquals(members[i], member)) return memberFacts[i];
        int change = member is MethodInfo m ? (m.ReturnType == typeof(void) ? 0 : 1) - m.GetParameters().Length - (m.IsStatic ? 0 : 1) : 0;
        if (memberCount == members.Length)
        {
            Array.Resize(ref members, memberCount * 2);
            Array.Resize(ref memberFacts, memberCount * 2);
        }
        members[memberCount] = member;
        return memberFacts[memberCount++] = (scope.Token(member), change);
    }

    // ---- Locals ----

    private sealed class Local(int index, Type type) : LocalBuilder
    {
        public readonly int Index = index;
        public override int LocalIndex => Index;
        public override Type LocalType => type;
        public override bool IsPinned => false;
        protected override void SetLocalSymInfoCore(string name) { }
    }

    public override LocalBuilder DeclareLocal(Type localType, bool pinned)
    {
        if (pinned) throw new NotSupportedException("translator: pinned locals");
        localTypes.Add(localType);
        return new Local(localTypes.Count - 1, localType);
    }

    /// <summary>As the runtime's generator: ldloc/stloc/ldloca take their shortest form.</summary>
    public override void Emit(OpCode opcode, LocalBuilder local)
    {
        int i = ((Local)local).Index;
        short value = opcode.Value;
        if (value == LdlocValue || value == StlocValue)
        {
            bool load = value == LdlocValue;
            if (i < 4) Op(load ? LoadShort[i] : StoreShort[i], load ? 1 : -1);
            else if (i <= byte.MaxValue) { Op(load ? OpCodes.Ldloc_S : OpCodes.Stloc_S, load ? 1 : -1); code[length++] = (byte)i; }
            else { Op(opcode, load ? 1 : -1); BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), (ushort)i); }
            return;
        }
        if (value == LdlocaValue && i <= byte.MaxValue) opcode = OpCodes.Ldloca_S;
        Op(opcode);
        if (opcode.OperandType == OperandType.ShortInlineVar)
        {
            if (i > byte.MaxValue) throw new InvalidOperationException("translator: a short-form local above 255");
            code[length++] = (byte)i;
        }
        else BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), (ushort)i);
    }

    private static readonly short LdlocValue = OpCodes.Ldloc.Value, StlocValue = OpCodes.Stloc.Value, LdlocaValue = OpCodes.Ldloca.Value;
    private static readonly OpCode[] LoadShort = [OpCodes.Ldloc_0, OpCodes.Ldloc_1, OpCodes.Ldloc_2, OpCodes.Ldloc_3];
    private static readonly OpCode[] StoreShort = [OpCodes.Stloc_0, OpCodes.Stloc_1, OpCodes.Stloc_2, OpCodes.Stloc_3];

    // ---- Labels ----

    public override Label DefineLabel()
    {
        if (labelCount == labelPositions.Length)
        {
            Array.Resize(ref labelPositions, labelCount * 2);
            Array.Resize(ref labelDepths, labelCount * 2);
        }
        labelPositions[labelCount] = -1;
        labelDepths[labelCount] = -1;
        return CreateLabel(labelCount++);
    }

    public override void MarkLabel(Label loc)
    {
        int id = loc.Id;
        if (labelPositions[id] >= 0) throw new InvalidOperationException("translator: a label marked twice");
        labelPositions[id] = length;
        // Code after an unconditional jump starts at the depth its branches leave (none: a backward branch's target,
        // which IL requires to start empty).
        if (!reachable) depth = Math.Max(0, labelDepths[id]);
        reachable = true;
    }

    private void BranchTo(Label target)
    {
        ref int d = ref labelDepths[target.Id];
        if (d < depth) d = depth;
    }

    public override void Emit(OpCode opcode, Label label)
    {
        bool isShort = opcode.OperandType == OperandType.ShortInlineBrTarget;
        Op(opcode);
        BranchTo(label);
        int at = length;
        Reserve(isShort ? 1 : 4);
        fixups.Add((at, label.Id, length, isShort));
    }

    public override void Emit(OpCode opcode, Label[] labels)
    {
        Op(opcode);
        if (length + 4 + 4 * labels.Length > code.Length) Array.Resize(ref code, Math.Max(code.Length * 2, length + 16 + 4 * labels.Length));
        Int32(labels.Length);
        int end = length + 4 * labels.Length;
        foreach (var label in labels)
        {
            BranchTo(label);
            fixups.Add((length, label.Id, end, false));
            Reserve(4);
        }
    }

    // ---- Not used by region methods ----

    private static NotSupportedException Unsupported() => new("translator: not used by region methods");
    public override void Emit(OpCode opcode, ConstructorInfo con) => throw Unsupported();
    public override void Emit(OpCode opcode, SignatureHelper signature) => throw Unsupported();
    public override void Emit(OpCode opcode, string str) => throw Unsupported();
    public override void Emit(OpCode opcode, Type cls) => throw Unsupported();
    public override void EmitCall(OpCode opcode, MethodInfo methodInfo, Type[]? optionalParameterTypes) => throw Unsupported();
    /// <summary>A managed calli whose return and parameter types are primitives (object, native int, integers): what
    /// generated code needs to call a translation's code without its delegate.</summary>
    public override void EmitCalli(OpCode opcode, CallingConventions callingConvention, Type? returnType, Type[]? parameterTypes, Type[]? optionalParameterTypes)
    {
        if (opcode != OpCodes.Calli || callingConvention != CallingConventions.Standard || optionalParameterTypes is { Length: > 0 }) throw Unsupported();
        parameterTypes ??= [];
        var signature = new byte[2 + 1 + parameterTypes.Length];
        signature[0] = 0x00; // IMAGE_CEE_CS_CALLCONV_DEFAULT
        signature[1] = checked((byte)parameterTypes.Length);
        signature[2] = returnType is null || returnType == typeof(void) ? (byte)0x01 : CalliElement(returnType);
        for (int i = 0; i < parameterTypes.Length; i++) signature[3 + i] = CalliElement(parameterTypes[i]);
        int token = scope.SignatureToken(signature);
        Op(opcode, (returnType is null || returnType == typeof(void) ? 0 : 1) - parameterTypes.Length - 1); // and the pointer
        Int32(token);
    }
    public override void EmitCalli(OpCode opcode, CallingConvention unmanagedCallConv, Type? returnType, Type[]? parameterTypes) => throw Unsupported();
    public override Label BeginExceptionBlock() => throw Unsupported();
    public override void BeginCatchBlock(Type? exceptionType) => throw Unsupported();
    public override void BeginExceptFilterBlock() => throw Unsupported();
    public override void BeginFaultBlock() => throw Unsupported();
    public override void BeginFinallyBlock() => throw Unsupported();
    public override void EndExceptionBlock() => throw Unsupported();
    public override void BeginScope() => throw Unsupported();
    public override void EndScope() => throw Unsupported();
    public override void UsingNamespace(string usingNamespace) => throw Unsupported();
}
