// A process's real, effective and saved user (or group) id, as setuid and its relatives change them.
namespace RvJit.Kernel.Tasks;

/// <summary>
/// Real, effective and saved ids with Linux's rules for changing them (kernel/sys.c): a privileged caller (effective
/// uid 0: CAP_SETUID/CAP_SETGID) may set any; another only to ids it already has. The ids are what the guest is told
/// (getuid, /proc/PID/status): files are still opened with rvjit's own host identity. A server that drops root with
/// setuid(65534) got EPERM, and Python's subprocess(user=...) saw its child still root.
/// </summary>
public readonly record struct IdTriple(uint Real, uint Effective, uint Saved)
{
    private const uint Unchanged = uint.MaxValue;

    public static IdTriple Of(uint id) => new(id, id, id);

    private bool Has(uint id) => id == Real || id == Effective || id == Saved;

    /// <summary>setuid/setgid: privileged sets all three; otherwise the effective id becomes the real or saved one.</summary>
    public Errno Set(uint id, bool privileged, out IdTriple result)
    {
        result = this;
        if (id == Unchanged) return Errno.EINVAL;
        if (privileged) { result = Of(id); return Errno.Success; }
        if (id != Real && id != Saved) return Errno.EPERM;
        result = this with { Effective = id };
        return Errno.Success;
    }

    /// <summary>setreuid/setregid: -1 keeps an id; the saved id follows the new effective one when the real id is set,
    /// or the effective one is set to something else than the old real id.</summary>
    public Errno SetRealEffective(uint real, uint effective, bool privileged, out IdTriple result)
    {
        result = this;
        if (!privileged && ((real != Unchanged && real != Real && real != Effective) ||
                            (effective != Unchanged && !Has(effective)))) return Errno.EPERM;
        uint newReal = real == Unchanged ? Real : real, newEffective = effective == Unchanged ? Effective : effective;
        bool savedFollows = real != Unchanged || (effective != Unchanged && effective != Real);
        result = new IdTriple(newReal, newEffective, savedFollows ? newEffective : Saved);
        return Errno.Success;
    }

    /// <summary>setresuid/setresgid: -1 keeps an id; unprivileged, each new id must be one of the three.</summary>
    public Errno SetAll(uint real, uint effective, uint saved, bool privileged, out IdTriple result)
    {
        result = this;
        if (!privileged && ((real != Unchanged && !Has(real)) || (effective != Unchanged && !Has(effective)) || (saved != Unchanged && !Has(saved))))
            return Errno.EPERM;
        result = new IdTriple(real == Unchanged ? Real : real, effective == Unchanged ? Effective : effective, saved == Unchanged ? Saved : saved);
        return Errno.Success;
    }
}
