using System.Net;
using System.Net.Sockets;

namespace Cluster.Tests.Otlp;

/// <summary>A loopback TCP port that was free a moment ago (bind port 0, read the port, release it).</summary>
internal static class FreeLoopbackPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
