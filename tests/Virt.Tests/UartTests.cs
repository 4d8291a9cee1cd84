// The 16550A: transmit, receive with the FIFO, DLAB, the interrupt identification and its priorities,
// loopback, and the interrupt line into the PLIC.
using RvJit.Runtime.Devices;

namespace RvJit.Virt.Tests;

public sealed class UartTests
{
    private sealed class Line : IInterruptSink
    {
        public bool High;
        public void SetLevel(int irq, bool high) { Assert.Equal(Uart16550.DefaultIrq, irq); High = high; }
    }

    private readonly List<byte> sent = [];
    private readonly Line line = new();
    private readonly Uart16550 uart;

    public UartTests() => uart = new Uart16550(sent.Add, line);

    private byte Read(ulong reg) { Assert.True(uart.Read(reg, 1, out ulong v)); return (byte)v; }
    private void Write(ulong reg, byte v) => Assert.True(uart.Write(reg, 1, v));

    [Fact]
    public void TransmitsAndReportsTheTransmitterEmpty()
    {
        Write(0, (byte)'h');
        Write(0, (byte)'i');
        Assert.Equal("hi"u8.ToArray(), sent);
        Assert.Equal(Uart16550.LsrThre | Uart16550.LsrTemt, Read(5));
    }

    [Fact]
    public void DlabSwitchesTheFirstTwoRegistersToTheDivisor()
    {
        Write(3, Uart16550.LcrDlab | 3);
        Write(0, 0x34);
        Write(1, 0x12);
        Assert.Equal(0x34, Read(0));
        Assert.Equal(0x12, Read(1));
        Write(3, 3);
        Assert.Equal(0, Read(1)); // IER untouched
        Assert.Equal(3, Read(3));
        Write(7, 0x5A);
        Assert.Equal(0x5A, Read(7));
    }

    [Fact]
    public void ReceivedBytesRaiseTheDataInterruptUntilRead()
    {
        Write(2, Uart16550.FcrEnable);
        Write(1, Uart16550.IerRx);
        Assert.False(line.High);
        Assert.Equal(Uart16550.IirNone | Uart16550.IirFifo, Read(2));
        uart.Receive((byte)'a');
        uart.Receive((byte)'b');
        Assert.True(line.High);
        Assert.Equal(Uart16550.IirRx | Uart16550.IirFifo, Read(2));
        Assert.Equal(Uart16550.LsrDataReady, Read(5) & Uart16550.LsrDataReady);
        Assert.Equal((byte)'a', Read(0));
        Assert.True(line.High);
        Assert.Equal((byte)'b', Read(0));
        Assert.False(line.High);
        Assert.Equal(0, Read(5) & Uart16550.LsrDataReady);
    }

    [Fact]
    public void InputBeyondTheFifoWaitsInsteadOfOverrunning()
    {
        Write(2, Uart16550.FcrEnable);
        for (int i = 0; i < 40; i++) uart.Receive((byte)i);
        for (int i = 0; i < 40; i++) Assert.Equal((byte)i, Read(0));
        Assert.Equal(0, Read(5) & (Uart16550.LsrDataReady | Uart16550.LsrOverrun));
    }

    [Fact]
    public void TransmitterEmptyInterruptIsRaisedOnEnableAndClearedByReadingIir()
    {
        Write(1, Uart16550.IerThre);
        Assert.True(line.High);
        Assert.Equal(Uart16550.IirThre, Read(2));
        Assert.False(line.High);
        Assert.Equal(Uart16550.IirNone, Read(2));
        Write(0, (byte)'x'); // sent at once: empty again
        Assert.True(line.High);
    }

    [Fact]
    public void ReceivedDataOutranksTransmitterEmpty()
    {
        Write(1, Uart16550.IerThre | Uart16550.IerRx);
        uart.Receive(1);
        Assert.Equal(Uart16550.IirRx, Read(2));
        Read(0);
        Assert.Equal(Uart16550.IirThre, Read(2));
    }

    [Fact]
    public void LoopbackSendsTransmittedBytesToTheReceiver()
    {
        Write(4, Uart16550.McrLoop | 0x0B);
        Write(0, 0x42);
        Assert.Empty(sent);
        Assert.Equal(0x42, Read(0));
        Assert.Equal(0xB0, Read(6) & 0xF0); // DTR, RTS, OUT2 reflected as DSR, CTS, DCD
        Write(4, 0);
        Assert.Equal(0xB0, Read(6));
    }
}
