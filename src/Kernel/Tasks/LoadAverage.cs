// The load averages of /proc/loadavg and sysinfo, computed as Linux computes them.
using System.Globalization;

namespace RvJit.Kernel.Tasks;

/// <summary>
/// Linux's load averages (kernel/sched/loadavg.c): every 5 s of uptime each of the 1-, 5- and 15-minute averages moves
/// toward the number of runnable threads, in 11-bit fixed point, by the factors exp(-5/60), exp(-5/300), exp(-5/900).
/// Here the count is taken when the kernel samples (a thread is created or ends, /proc/loadavg or sysinfo is read) and
/// stands for every 5 s tick since the sample before: the executor keeps no periodic timer, which would wake an idle
/// worker every 5 s and keep the run alive.
/// </summary>
public sealed class LoadAverage
{
    public const int FixedShift = 11;
    private const long Fixed1 = 1 << FixedShift;
    private const double TickSeconds = 5;
    /// <summary>Linux's EXP_1, EXP_5, EXP_15: 2048 / exp(5 s / 1, 5 and 15 minutes).</summary>
    private static readonly long[] Decay = [1884, 2014, 2037];
    /// <summary>After this many ticks with one count (10 hours) every average equals it: the loop stops there.</summary>
    private const long MaxTicks = 7200;

    private readonly long[] averages = new long[3];
    private long ticksApplied;
    private int lastActive;

    /// <summary>The averages in Linux's fixed point (FSHIFT 11): 1, 5 and 15 minutes.</summary>
    public long this[int index] => averages[index];

    /// <summary>Applies the ticks due by <paramref name="uptime"/> with the count of the sample before (it held since
    /// then), then keeps <paramref name="active"/> for the ticks to come.</summary>
    public void Sample(TimeSpan uptime, int active)
    {
        long due = (long)(uptime.TotalSeconds / TickSeconds);
        for (long n = Math.Min(due - ticksApplied, MaxTicks); n > 0; n--)
            for (int i = 0; i < 3; i++) averages[i] = Step(averages[i], Decay[i], lastActive * Fixed1);
        ticksApplied = Math.Max(ticksApplied, due);
        lastActive = active;
    }

    /// <summary>Linux's calc_load: rounds up while the load rises, so a steady count is reached exactly.</summary>
    private static long Step(long load, long decay, long active)
    {
        long next = load * decay + active * (Fixed1 - decay);
        if (active >= load) next += Fixed1 - 1;
        return next / Fixed1;
    }

    /// <summary>/proc/loadavg's line: the averages rounded to hundredths (Linux adds FIXED_1/200 first), runnable and
    /// existing threads, the id last given out.</summary>
    public string Format(int runnable, int threads, int lastId)
    {
        var text = new System.Text.StringBuilder();
        foreach (long load in averages)
        {
            long rounded = load + Fixed1 / 200;
            text.Append(CultureInfo.InvariantCulture, $"{rounded >> FixedShift}.{((rounded & (Fixed1 - 1)) * 100) >> FixedShift:D2} ");
        }
        text.Append(CultureInfo.InvariantCulture, $"{runnable}/{threads} {lastId}\n");
        return text.ToString();
    }
}
