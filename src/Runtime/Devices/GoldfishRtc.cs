// Google's goldfish RTC (at 0x10_1000, IRQ 11 on QEMU's virt machine): nanoseconds since the Unix epoch,
// and one alarm.
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// Registers (4 bytes each): TIME_LOW 0x00 (reading it latches TIME_HIGH), TIME_HIGH 0x04, ALARM_LOW 0x08
/// (writing it arms the alarm at ALARM_HIGH:ALARM_LOW), ALARM_HIGH 0x0C, IRQ_ENABLED 0x10, CLEAR_ALARM
/// 0x14, ALARM_STATUS 0x18, CLEAR_INTERRUPT 0x1C. Writing TIME_HIGH then TIME_LOW sets the clock. The
/// alarm fires when polled at or after its time (<see cref="Poll"/>).
/// </summary>
public sealed class GoldfishRtc : IMmioDevice
{
    public const ulong DefaultBase = 0x10_1000;
    public const int DefaultIrq = 11;
    public const ulong TimeLow = 0x00, TimeHigh = 0x04, AlarmLow = 0x08, AlarmHigh = 0x0C, IrqEnabled = 0x10,
        ClearAlarm = 0x14, AlarmStatus = 0x18, ClearInterrupt = 0x1C;

    private readonly Func<ulong> hostNanoseconds;
    private readonly IInterruptSink? irqSink;
    private readonly int irq;
    private readonly Lock gate = new();
    private long offset; // guest time - host time
    private uint latchedHigh, alarmHigh, timeHighWritten;
    private ulong alarm;
    private bool alarmArmed, irqEnabled, irqPending;

    /// <param name="hostNanoseconds">The host's clock in nanoseconds since the epoch (null: the system clock).</param>
    public GoldfishRtc(IInterruptSink? irqSink = null, int irq = DefaultIrq, ulong @base = DefaultBase, Func<ulong>? hostNanoseconds = null)
    {
        this.irqSink = irqSink;
        this.irq = irq;
        Base = @base;
        this.hostNanoseconds = hostNanoseconds ?? (() => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
    }

    public string Name => "rtc";
    public ulong Base { get; }
    public ulong Size => 0x1000;

    private ulong Now => hostNanoseconds() + (ulong)offset;

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        if (size != 4) return false;
        lock (gate)
        {
            switch (offset)
            {
                case TimeLow:
                    ulong now = Now;
                    latchedHigh = (uint)(now >> 32);
                    value = (uint)now;
                    break;
                case TimeHigh: value = latchedHigh; break;
                case AlarmLow: value = (uint)alarm; break;
                case AlarmHigh: value = alarmHigh; break;
                case IrqEnabled: value = irqEnabled ? 1u : 0; break;
                case AlarmStatus: value = alarmArmed ? 1u : 0; break;
            }
        }
        return true;
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        if (size != 4) return false;
        uint v = (uint)value;
        lock (gate)
        {
            switch (offset)
            {
                case TimeLow:
                    this.offset = (long)((((ulong)timeHighWritten << 32) | v) - hostNanoseconds());
                    break;
                case TimeHigh: timeHighWritten = v; break;
                case AlarmLow:
                    alarm = ((ulong)alarmHigh << 32) | v;
                    alarmArmed = true;
                    break;
                case AlarmHigh: alarmHigh = v; break;
                case IrqEnabled: irqEnabled = (v & 1) != 0; break;
                case ClearAlarm: alarmArmed = false; break;
                case ClearInterrupt: irqPending = false; break;
            }
            CheckAlarm();
        }
        return true;
    }

    /// <summary>Fires the alarm if its time has come (the machine calls this between slices).</summary>
    public void Poll()
    {
        lock (gate) CheckAlarm();
    }

    private void CheckAlarm()
    {
        if (alarmArmed && Now >= alarm)
        {
            alarmArmed = false;
            irqPending = true;
        }
        irqSink?.SetLevel(irq, irqPending && irqEnabled);
    }
}
