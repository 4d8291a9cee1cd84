// What a user-mode network is given on the command line (-netdev user,...).
namespace RvJit.Runtime.Net;

public sealed record UserNetworkOptions
{
    /// <summary>Host ports forwarded into the guest.</summary>
    public IReadOnlyList<HostForwardRule> Forwards { get; init; } = [];

    /// <summary>Where the guest's DNS queries to 10.0.2.3 go (null: the first IPv4 nameserver of /etc/resolv.conf).</summary>
    public System.Net.IPEndPoint? DnsServer { get; init; }
}
