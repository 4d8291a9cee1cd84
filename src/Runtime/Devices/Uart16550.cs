// A 16550A UART (as QEMU's virt machine has at 0x1000_0000, IRQ 10): byte registers with reg-shift 0,
// transmit straight to the host's console, receive from a queue the host fills, interrupts through the PLIC.
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// The 16550A's registers: RBR/THR (DLL with LCR.DLAB), IER (DLM with DLAB), IIR/FCR, LCR, MCR, LSR, MSR,
/// SCR. Transmission is instant (THR is always empty again after a write); received bytes wait in a FIFO
/// (16 bytes with FCR.FIFOE, else one; more are held back, not lost, since the host can wait). Interrupts,
/// in the 16550's priority order: receiver line status, received data, transmitter empty, modem status.
/// MCR.LOOP sends transmitted bytes back to the receiver.
/// </summary>
public sealed class Uart16550 : IMmioDevice
{
    public const ulong DefaultBase = 0x1000_0000;
    public const int DefaultIrq = 10;
    /// <summary>The input clock QEMU's device tree gives (1.8432 MHz * 2).</summary>
    public const uint ClockFrequency = 3_686_400;

    public const byte IerRx = 1, IerThre = 2, IerRls = 4, IerModem = 8;
    public const byte LsrDataReady = 1, LsrOverrun = 2, LsrThre = 0x20, LsrTemt = 0x40;
    public const byte IirNone = 1, IirThre = 2, IirRx = 4, IirRls = 6, IirFifo = 0xC0;
    public const byte LcrDlab = 0x80, McrLoop = 0x10, FcrEnable = 1, FcrClearRx = 2;

    private readonly Action<byte> transmit;
    private readonly IInterruptSink? irqSink;
    private readonly int irq;
    private readonly Queue<byte> fifo = new(), backlog = new();
    private readonly Lock gate = new();
    private byte ier, lcr, mcr, lsrErrors, scr, fcr, dll = 12, dlm;
    // THR-empty interrupt: raised when THR empties (and when enabled with THR empty), cleared by reading IIR
    // while it is the one reported, or by writing THR.
    private bool threPending;

    /// <param name="transmit">Receives every byte the guest transmits (not in loopback).</param>
    /// <param name="irqSink">The interrupt controller (null: no interrupts).</param>
    public Uart16550(Action<byte> transmit, IInterruptSink? irqSink = null, int irq = DefaultIrq, ulong @base = DefaultBase)
    {
        this.transmit = transmit;
        this.irqSink = irqSink;
        this.irq = irq;
        Base = @base;
    }

    public string Name => "uart";
    public ulong Base { get; }
    public ulong Size => 0x100;

    private int FifoCapacity => (fcr & FcrEnable) != 0 ? 16 : 1;

    /// <summary>A byte arrives from the host (any thread).</summary>
    public void Receive(byte b)
    {
        lock (gate)
        {
            if (fifo.Count < FifoCapacity && backlog.Count == 0) fifo.Enqueue(b);
            else backlog.Enqueue(b);
            UpdateInterrupt();
        }
    }

    /// <summary>Bytes received but not yet read by the guest.</summary>
    public int Waiting { get { lock (gate) return fifo.Count + backlog.Count; } }

    public bool Read(ulong offset, int size, out ulong value)
    {
        // Like writes, a wider access acts on the register at its address.
        lock (gate)
        {
            value = ReadRegister((int)offset);
            UpdateInterrupt();
        }
        return true;
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        // QEMU's serial_mm accepts wider accesses and uses the low byte.
        lock (gate)
        {
            WriteRegister((int)offset, (byte)value);
            UpdateInterrupt();
        }
        return true;
    }

    private byte ReadRegister(int reg)
    {
        bool dlab = (lcr & LcrDlab) != 0;
        switch (reg)
        {
            case 0:
                if (dlab) return dll;
                if (fifo.Count == 0) return 0;
                byte b = fifo.Dequeue();
                Refill();
                return b;
            case 1: return dlab ? dlm : ier;
            case 2:
                byte iir = Identify();
                if (iir == IirThre) threPending = false;
                return (byte)(iir | ((fcr & FcrEnable) != 0 ? IirFifo : 0));
            case 3: return lcr;
            case 4: return mcr;
            case 5:
                byte lsr = (byte)(LsrThre | LsrTemt | lsrErrors | (fifo.Count > 0 ? LsrDataReady : 0));
                lsrErrors = 0;
                return lsr;
            case 6:
                // Loopback reflects MCR's outputs; otherwise carrier, data set ready and clear to send are on.
                if ((mcr & McrLoop) != 0)
                    return (byte)(((mcr & 2) << 3) | ((mcr & 1) << 5) | ((mcr & 4) << 4) | ((mcr & 8) << 4));
                return 0xB0;
            case 7: return scr;
            default: return 0;
        }
    }

    private void WriteRegister(int reg, byte v)
    {
        bool dlab = (lcr & LcrDlab) != 0;
        switch (reg)
        {
            case 0:
                if (dlab) { dll = v; return; }
                if ((mcr & McrLoop) != 0) ReceiveLocked(v);
                else transmit(v);
                threPending = true; // the byte left at once: THR is empty again
                return;
            case 1:
                if (dlab) { dlm = v; return; }
                // Enabling the THR-empty interrupt while THR is empty raises it.
                if ((v & IerThre) != 0 && (ier & IerThre) == 0) threPending = true;
                ier = (byte)(v & 0x0F);
                return;
            case 2:
                if ((v & FcrClearRx) != 0) { fifo.Clear(); }
                fcr = (byte)(v & 0xC9);
                Refill();
                return;
            case 3: lcr = v; return;
            case 4: mcr = (byte)(v & 0x1F); return;
            case 7: scr = v; return;
        }
    }

    private void ReceiveLocked(byte b)
    {
        if (fifo.Count < FifoCapacity) fifo.Enqueue(b);
        else lsrErrors |= LsrOverrun;
    }

    private void Refill()
    {
        while (fifo.Count < FifoCapacity && backlog.Count > 0) fifo.Enqueue(backlog.Dequeue());
    }

    // The highest-priority interrupt the UART has to report (IirNone if none).
    private byte Identify()
    {
        if ((ier & IerRls) != 0 && lsrErrors != 0) return IirRls;
        if ((ier & IerRx) != 0 && fifo.Count > 0) return IirRx;
        if ((ier & IerThre) != 0 && threPending) return IirThre;
        return IirNone;
    }

    private void UpdateInterrupt() => irqSink?.SetLevel(irq, Identify() != IirNone);
}
