using System.Net;
using System.Net.Sockets;

namespace Cluster.Client.Conversion;

/// <summary>Loopback ports nobody listens on (bind port 0, read the port the OS chose).</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
