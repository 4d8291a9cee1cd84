// The host's DNS server, which the user network's 10.0.2.3 forwards to (slirp reads the same file).
using System.Net;

namespace RvJit.Runtime.Net;

public static class HostResolver
{
    /// <summary>The first IPv4 nameserver of /etc/resolv.conf, or null.</summary>
    public static IPEndPoint? FromResolvConf(string path = "/etc/resolv.conf")
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (words is ["nameserver", var a, ..] && IPAddress.TryParse(a, out var ip) && Ipv4Address.FromIp(ip) is not null)
                    return new IPEndPoint(ip, 53);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
