// QEMU's spellings of the virtio devices for `rvjit system`: -drive, -device, -chardev, -netdev, -nic, -global
// virtio-mmio.force-legacy and -snapshot, read into the virt board's device list (virtio-mmio and virtio-pci).
using RvJit.Runtime.Machines;
using RvJit.Runtime.Net;

namespace RvJit.Cli;

/// <summary>
/// Reads the backend options, then the -device options, each in command-line order. Devices keep the order of their -device options (the first
/// virtio-*-device takes the highest virtio-mmio slot, the first virtio-*-pci PCI slot 1, as on QEMU);
/// `-drive if=virtio` drives (virtio-blk-pci, as QEMU makes them) follow them, since QEMU adds their devices after
/// the command line's. Mistakes are reported with QEMU's wording where it has one.
/// </summary>
internal static class VirtioCommandLine
{
    public static readonly string[] WithValue = ["-drive", "-device", "-chardev", "-global", "-netdev", "-nic", "-pflash", "-fw_cfg"];
    public const string SnapshotFlag = "-snapshot";

    public const string Help = """
          -drive file=IMG[,format=raw|qcow2][,if=none|virtio][,id=ID][,readonly=on][,snapshot=on]
                                   a raw disk image; if=virtio (the default here) adds a virtio-blk-pci device for
                                   it, as QEMU does
          -drive if=pflash,unit=0|1,format=raw,file=IMG[,readonly=on]   a CFI flash bank (32 MiB image; unit 0 at
                                   0x20000000, where the harts then start; unit 1 at 0x22000000, where OpenSBI
                                   then jumps, with -kernel/-initrd/-append in fw_cfg); writes go to the file
          -pflash IMG              the same, in the first free unit
          -fw_cfg [name=]NAME,file=FILE | [name=]NAME,string=TEXT      a file in fw_cfg's directory
          -device virtio-blk-device,drive=ID[,serial=S]   a disk for the -drive with id=ID (virtio-mmio)
          -device virtio-rng-device                       host randomness (virtio-mmio)
          -device ...,bus=virtio-mmio-bus.N               the device in slot N (0x10001000 + N * 0x1000, IRQ 1 + N)
          -device virtio-blk-pci|virtio-rng-pci|virtio-net-pci|virtio-serial-pci[,addr=N]   the same devices on
                                   the PCIe host (QEMU's transitional virtio-pci functions; INTx, no MSI); addr=N
                                   picks slot N of bus 0, else the first free slot from 1
          -device virtio-serial-device -device virtconsole[,chardev=ID]   a console (hvc0) on port 0
          -chardev stdio,id=ID | file,id=ID,path=FILE | null,id=ID        where a virtconsole goes (stdio: the
                                   console, and input goes to it instead of the UART)
          -netdev user,id=ID[,hostfwd=tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]...
                                   QEMU's user-mode network: the guest is 10.0.2.15 (DHCP), the gateway 10.0.2.2 is
                                   the host's loopback, 10.0.2.3 forwards DNS; UDP and TCP reach host sockets; each
                                   hostfwd listens on HOSTADDR (default 127.0.0.1) and opens connections into the guest
          -device virtio-net-device,netdev=ID[,mac=52:54:00:12:34:56]   a network card on that network
          -nic user[,model=virtio-net-device|virtio-net-pci][,mac=MAC][,hostfwd=...]   both at once (QEMU 7.2's
                                   virt creates no -nic at all; rvjit makes a virtio-net-device by default)
          -global virtio-mmio.force-legacy=true|false     the legacy virtio-mmio interface (version 1, QEMU 7.2's
                                   default) or the modern one (version 2)
          -snapshot                every disk keeps its writes in memory; the image files are not written
          Devices without a bus take the free virtio-mmio slots from 0x10008000 (IRQ 8) down, in command-line order.
        """;

    private sealed record Drive(string File, bool ReadOnly, bool Snapshot, bool Virtio, string? Format)
    {
        public bool Used { get; set; }
    }

    public static (List<VirtioDeviceSpec> Devices, bool Legacy) Parse(IEnumerable<OptionValue> options, bool snapshotAll) =>
        Parse(options, snapshotAll, new PflashDrive?[VirtBoard.FlashBanks], []);

    /// <summary>Also fills <paramref name="pflash"/> (by unit) from `-drive if=pflash` and `-pflash`, and
    /// <paramref name="fwCfg"/> from `-fw_cfg`.</summary>
    public static (List<VirtioDeviceSpec> Devices, bool Legacy) Parse(IEnumerable<OptionValue> options, bool snapshotAll, PflashDrive?[] pflash, List<FwCfgFile> fwCfg)
    {
        var drives = new Dictionary<string, Drive>();
        var anonymous = new List<Drive>();
        var chardevs = new Dictionary<string, VirtioConsoleSpec>();
        var devices = new List<VirtioDeviceSpec>();
        var netdevs = new Dictionary<string, UserNetworkOptions>();
        var usedNetdevs = new HashSet<string>();
        var nics = new List<VirtioDeviceSpec>();
        bool legacy = true;
        int serialIndex = -1; // the virtio-serial-device a virtconsole plugs into
        bool serialHasConsole = false;

        // QEMU creates the backends (-drive, -chardev, -netdev) before any -device, wherever they stand: a device may
        // name one given after it. The order among the devices stays the command line's (a stable sort).
        foreach (var (name, value) in options.OrderBy(o => o.Name == "-device" ? 1 : 0))
        {
            switch (name)
            {
                case "-pflash":
                    AddPflash(pflash, null, value, false, snapshotAll, $"-pflash {value}");
                    break;
                case "-fw_cfg":
                    fwCfg.Add(FwCfgOption(value));
                    break;
                case "-drive" when Properties(value, "-drive", "file").GetValueOrDefault("if") == "pflash":
                {
                    var p = Properties(value, "-drive", "file");
                    p.Remove("if");
                    string file = Take(p, "file") ?? throw new QemuStyleException($"-drive {value}: a file is needed (file=IMAGE)");
                    string? format = Take(p, "format");
                    if (format is not (null or "raw")) throw new QemuStyleException($"-drive {value}: rvjit's flash takes raw images (format=raw), not '{format}'");
                    string? unitText = Take(p, "unit") ?? Take(p, "index");
                    int? unit = unitText is null ? null : int.TryParse(unitText, out int u) && u >= 0 ? u
                        : throw new QemuStyleException($"-drive {value}: Parameter 'unit' expects a number");
                    bool readOnly = OnOff(Take(p, "readonly") ?? Take(p, "read-only"), "readonly");
                    bool snapshot = OnOff(Take(p, "snapshot"), "snapshot") || snapshotAll;
                    foreach (string ignored in new[] { "id", "cache", "aio", "werror", "rerror" }) Take(p, ignored);
                    if (p.Count > 0) throw new QemuStyleException($"-drive {value}: Invalid parameter '{p.Keys.First()}'");
                    AddPflash(pflash, unit, file, readOnly, snapshot, $"-drive {value}");
                    break;
                }
                case "-drive":
                {
                    var p = Properties(value, "-drive", "file");
                    string file = Take(p, "file") ?? throw new QemuStyleException("-drive: a file is needed (file=IMAGE)");
                    // No format: probed when the image is opened (qcow2 by its magic, else raw), as QEMU does.
                    string? format = Take(p, "format");
                    if (format is not (null or "raw" or "qcow2")) throw new QemuStyleException($"-drive {value}: format '{format}' is not supported (raw, qcow2)");
                    string iface = Take(p, "if") ?? "virtio";
                    if (iface is not ("none" or "virtio")) throw new QemuStyleException($"-drive {value}: if={iface} is not supported by the virt board (none or virtio)");
                    bool readOnly = OnOff(Take(p, "readonly") ?? Take(p, "read-only"), "readonly");
                    bool snapshot = OnOff(Take(p, "snapshot"), "snapshot") || snapshotAll;
                    string? id = Take(p, "id");
                    foreach (string ignored in new[] { "media", "cache", "aio", "discard", "werror", "rerror" }) Take(p, ignored);
                    if (p.Count > 0) throw new QemuStyleException($"-drive {value}: Invalid parameter '{p.Keys.First()}'");
                    if (!File.Exists(file)) throw new QemuStyleException($"-drive {value}: Could not open '{file}': No such file or directory");
                    var drive = new Drive(file, readOnly, snapshot, iface == "virtio", format);
                    if (id is not null && !drives.TryAdd(id, drive)) throw new QemuStyleException($"-drive {value}: Duplicate ID '{id}' for drive");
                    if (iface == "virtio") anonymous.Add(drive);
                    break;
                }
                case "-chardev":
                {
                    var p = Properties(value, "-chardev", "backend");
                    string backend = Take(p, "backend")!;
                    string id = Take(p, "id") ?? throw new QemuStyleException($"-chardev {value}: Parameter 'id' is missing");
                    Take(p, "mux");
                    Take(p, "signal");
                    VirtioConsoleSpec spec = backend switch
                    {
                        "stdio" => new VirtioConsoleSpec(Stdio: true),
                        "file" => new VirtioConsoleSpec(FilePath: Take(p, "path") ?? throw new QemuStyleException($"-chardev {value}: chardev: file: no filename given")),
                        "null" => new VirtioConsoleSpec(),
                        _ => throw new QemuStyleException($"-chardev {value}: backend '{backend}' is not supported (stdio, file, null)"),
                    };
                    if (p.Count > 0) throw new QemuStyleException($"-chardev {value}: Invalid parameter '{p.Keys.First()}'");
                    if (!chardevs.TryAdd(id, spec)) throw new QemuStyleException($"-chardev {value}: attempt to add duplicate property '{id}' to object (type 'container')");
                    break;
                }
                case "-netdev":
                {
                    var (network, id, rest) = UserNetdev(value, "-netdev");
                    if (id is null) throw new QemuStyleException($"-netdev {value}: Parameter 'id' is missing");
                    if (rest.Count > 0) throw new QemuStyleException($"-netdev {value}: Invalid parameter '{rest[0].Key}'");
                    if (!netdevs.TryAdd(id, network)) throw new QemuStyleException($"-netdev {value}: Duplicate ID '{id}' for netdev");
                    break;
                }
                case "-nic":
                {
                    var (nicNetwork, _, rest) = UserNetdev(value, "-nic");
                    MacAddress? mac = null;
                    bool pci = false;
                    foreach (var (k, v) in rest)
                    {
                        if (k == "model" && v is "virtio-net-device") continue;
                        if (k == "model" && v is "virtio" or "virtio-net-pci") { pci = true; continue; }
                        if (k == "model") throw new QemuStyleException($"-nic {value}: model '{v}' is not supported by rvjit's virt (virtio-net-device, virtio-net-pci)");
                        if (k == "mac") { mac = Mac(v, value, "-nic"); continue; }
                        throw new QemuStyleException($"-nic {value}: Invalid parameter '{k}'");
                    }
                    nics.Add(new VirtioNetSpec(nicNetwork, mac) { Pci = pci });
                    break;
                }
                case "-device":
                {
                    var p = Properties(value, "-device", "driver");
                    string driver = Take(p, "driver")!;
                    Take(p, "id");
                    bool pci = driver.EndsWith("-pci", StringComparison.Ordinal);
                    // A PCI function's option ROM (QEMU's iPXE for virtio-net-pci): the virt board's firmware runs none.
                    if (pci) { Take(p, "romfile"); Take(p, "rombar"); }
                    string? bus = driver is "virtconsole" ? null : Take(p, "bus");
                    int? slot = null, pciSlot = null;
                    if (pci)
                    {
                        if (bus is not (null or "pcie.0")) throw new QemuStyleException($"-device {value}: Bus '{bus}' not found");
                        pciSlot = Take(p, "addr") is { } addr ? PciSlot(addr, value, devices) : null;
                    }
                    else
                    {
                        slot = bus is null ? null : MmioSlot(bus, value);
                        // QEMU plugs devices in command-line order: a named bus already taken is an error.
                        if (slot is int named && devices.Any(d => d.Slot == named)) throw new QemuStyleException($"-device {value}: Bus '{bus}' is full");
                        slot ??= driver is "virtconsole" ? null : HighestFree(devices, value);
                    }
                    switch (driver)
                    {
                        case "virtio-blk-device" or "virtio-blk-pci":
                        {
                            string id = Take(p, "drive") ?? throw new QemuStyleException($"-device {value}: drive property not set");
                            if (!drives.TryGetValue(id, out var drive)) throw new QemuStyleException($"-device {value}: Property '{driver}.drive' can't find value '{id}'");
                            if (drive.Used || drive.Virtio) throw new QemuStyleException($"-device {value}: Drive '{id}' is already in use by another device");
                            drive.Used = true;
                            devices.Add(new VirtioBlkSpec(drive.File, drive.ReadOnly, drive.Snapshot, Take(p, "serial"), drive.Format) { Slot = slot, Pci = pci, PciSlot = pciSlot });
                            break;
                        }
                        case "virtio-rng-device" or "virtio-rng-pci":
                            devices.Add(new VirtioRngSpec { Slot = slot, Pci = pci, PciSlot = pciSlot });
                            break;
                        case "virtio-serial-device" or "virtio-serial-pci":
                            serialIndex = devices.Count;
                            serialHasConsole = false;
                            devices.Add(new VirtioConsoleSpec { Slot = slot, Pci = pci, PciSlot = pciSlot });
                            break;
                        case "virtconsole":
                        {
                            if (serialIndex < 0) throw new QemuStyleException($"-device {value}: No 'virtio-serial-bus' bus found for device 'virtconsole'");
                            if (serialHasConsole) throw new QemuStyleException($"-device {value}: rvjit's virtio-serial has one port: one virtconsole each");
                            string? chardev = Take(p, "chardev");
                            VirtioConsoleSpec spec = new();
                            if (chardev is not null && !chardevs.TryGetValue(chardev, out spec!))
                                throw new QemuStyleException($"-device {value}: Property 'virtconsole.chardev' can't find value '{chardev}'");
                            devices[serialIndex] = spec with { Slot = devices[serialIndex].Slot, Pci = devices[serialIndex].Pci, PciSlot = devices[serialIndex].PciSlot };
                            serialHasConsole = true;
                            break;
                        }
                        case "virtio-net-device" or "virtio-net-pci":
                        {
                            string id = Take(p, "netdev") ?? throw new QemuStyleException($"-device {value}: rvjit's {driver} needs a netdev (netdev=ID)");
                            if (!netdevs.TryGetValue(id, out var network)) throw new QemuStyleException($"-device {value}: Property '{driver}.netdev' can't find value '{id}'");
                            if (!usedNetdevs.Add(id)) throw new QemuStyleException($"-device {value}: Property '{driver}.netdev' can't take value '{id}', it's in use");
                            string? mac = Take(p, "mac");
                            devices.Add(new VirtioNetSpec(network, mac is null ? null : Mac(mac, value, "-device")) { Slot = slot, Pci = pci, PciSlot = pciSlot });
                            break;
                        }
                        default:
                            throw new QemuStyleException($"-device {value}: '{driver}' is not a valid device model name");
                    }
                    if (p.Count > 0) throw new QemuStyleException($"-device {value}: Property '{driver}.{p.Keys.First()}' not found");
                    break;
                }
                case "-global":
                {
                    int eq = value.IndexOf('=');
                    string property = eq < 0 ? value : value[..eq];
                    if (property != "virtio-mmio.force-legacy" || eq < 0)
                        throw new QemuStyleException($"-global {value}: only virtio-mmio.force-legacy=true|false is supported");
                    legacy = OnOff(value[(eq + 1)..], property);
                    break;
                }
            }
        }
        foreach (var drive in anonymous) devices.Add(new VirtioBlkSpec(drive.File, drive.ReadOnly, drive.Snapshot, Format: drive.Format) { Pci = true });
        devices.AddRange(nics);
        return (devices, legacy);
    }

    // QEMU's unit rule for if=pflash: the given unit, else the first free one; the virt board has units 0 and 1.
    private static void AddPflash(PflashDrive?[] pflash, int? unit, string file, bool readOnly, bool snapshot, string option)
    {
        int at = unit ?? Array.FindIndex(pflash, d => d is null);
        if (at < 0 || at >= pflash.Length) throw new QemuStyleException($"{option}: machine type does not support if=pflash,bus=0,unit={(at < 0 ? pflash.Length : at)}");
        if (pflash[at] is not null) throw new QemuStyleException($"{option}: drive with bus=0, unit={at} exists");
        if (!File.Exists(file)) throw new QemuStyleException($"{option}: Could not open '{file}': No such file or directory");
        pflash[at] = new PflashDrive(file, readOnly, snapshot);
    }

    // -fw_cfg [name=]NAME,file=FILE|string=TEXT: the name and exactly one source, as QEMU's parse_fw_cfg requires
    // (a string is stored without its NUL).
    private static FwCfgFile FwCfgOption(string value)
    {
        var p = Properties(value, "-fw_cfg", "name");
        string? name = Take(p, "name"), file = Take(p, "file"), text = Take(p, "string");
        if (p.Count > 0) throw new QemuStyleException($"-fw_cfg {value}: Invalid parameter '{p.Keys.First()}'");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(file) == string.IsNullOrEmpty(text))
            throw new QemuStyleException($"-fw_cfg {value}: name, plus exactly one of file, string and gen_id, are needed");
        if (name.Length > 55) throw new QemuStyleException($"-fw_cfg {value}: name too long (max. 55 char)");
        if (!name.StartsWith("opt/", StringComparison.Ordinal))
            Console.Error.WriteLine($"rvjit: -fw_cfg {value}: warning: externally provided fw_cfg item names should be prefixed with \"opt/\"");
        if (text is not null) return new FwCfgFile(name, System.Text.Encoding.UTF8.GetBytes(text));
        try { return new FwCfgFile(name, File.ReadAllBytes(file!)); }
        catch (IOException e) { throw new QemuStyleException($"-fw_cfg {value}: can't load {file}: {e.Message}"); }
    }

    // -netdev user,id=ID,hostfwd=...,hostfwd=... (and -nic's network part): hostfwd may repeat, so this list is
    // read by hand. Returns the other properties for the caller to judge.
    private static (UserNetworkOptions Options, string? Id, List<KeyValuePair<string, string>> Others) UserNetdev(string text, string option)
    {
        string[] parts = text.Split(',');
        if (parts[0] != "user")
            throw new QemuStyleException($"{option} {text}: network backend '{parts[0]}' is not supported (user)");
        string? id = null;
        var forwards = new List<HostForwardRule>();
        var rest = new List<KeyValuePair<string, string>>();
        foreach (string part in parts.Skip(1))
        {
            int eq = part.IndexOf('=');
            if (eq < 0) throw new QemuStyleException($"{option} {text}: Expected '=' after parameter '{part}'");
            string key = part[..eq], v = part[(eq + 1)..];
            if (key == "id") id = v;
            else if (key == "hostfwd")
            {
                var (rule, error) = HostForwardRule.Parse(v);
                if (rule is null) throw new QemuStyleException($"{option} {text}: Invalid host forwarding rule '{v}' ({error})");
                forwards.Add(rule);
            }
            else rest.Add(new(key, v));
        }
        return (new UserNetworkOptions { Forwards = forwards }, id, rest);
    }

    private static MacAddress Mac(string text, string value, string option) =>
        MacAddress.TryParse(text, out var mac) && !mac.IsMulticast ? mac
            : throw new QemuStyleException($"{option} {value}: Property 'mac' doesn't take value '{text}'");

    // QEMU's key=value lists; a first element without '=' is the implied key (file for -drive, the driver
    // for -device, the backend for -chardev).
    private static Dictionary<string, string> Properties(string text, string option, string implied)
    {
        var p = new Dictionary<string, string>();
        string[] parts = text.Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            int eq = part.IndexOf('=');
            if (eq < 0 && i == 0) { p[implied] = part; continue; }
            if (eq < 0) throw new QemuStyleException($"{option} {text}: Expected '=' after parameter '{part}'");
            p[part[..eq]] = part[(eq + 1)..];
        }
        return p;
    }

    private static int HighestFree(List<VirtioDeviceSpec> devices, string device)
    {
        for (int slot = VirtBoard.VirtioSlots - 1; slot >= 0; slot--)
            if (!devices.Any(d => d.Slot == slot)) return slot;
        throw new QemuStyleException($"-device {device}: No 'virtio-bus' bus found for device");
    }

    // addr=SLOT[.FUNCTION] in hexadecimal (QEMU's PCI address on bus 0); only function 0 and a free slot other than
    // the host bridge's.
    private static int PciSlot(string addr, string device, List<VirtioDeviceSpec> devices)
    {
        string[] parts = addr.Split('.');
        string slotText = parts[0].StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? parts[0][2..] : parts[0];
        if (parts.Length > 2 || !int.TryParse(slotText, System.Globalization.NumberStyles.AllowHexSpecifier, null, out int slot) || slot >= 32
            || parts.Length == 2 && !int.TryParse(parts[1], out _))
            throw new QemuStyleException($"-device {device}: Property 'addr' doesn't take value '{addr}'");
        if (parts.Length == 2 && parts[1] != "0") throw new QemuStyleException($"-device {device}: rvjit's PCI devices are single-function (addr={addr})");
        if (slot == 0 || devices.Any(d => d.Pci && d.PciSlot == slot))
            throw new QemuStyleException($"-device {device}: PCI: slot {slot} function 0 not available");
        return slot;
    }

    // bus=virtio-mmio-bus.N names the virt board's virtio-mmio slot N (QEMU's bus names on virt).
    private static int MmioSlot(string bus, string device)
    {
        const string prefix = "virtio-mmio-bus.";
        if (bus.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(bus.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, null, out int slot)
            && slot < VirtBoard.VirtioSlots)
            return slot;
        throw new QemuStyleException($"-device {device}: Bus '{bus}' not found");
    }

    private static string? Take(Dictionary<string, string> p, string key) => p.Remove(key, out var v) ? v : null;

    private static bool OnOff(string? text, string what) => text switch
    {
        null or "off" or "false" or "no" => false,
        "on" or "true" or "yes" => true,
        _ => throw new QemuStyleException($"Parameter '{what}' expects 'on' or 'off'"),
    };
}
