using System.Net;
using System.Net.Sockets;

namespace Cluster.Silo.Tests.Processes;

/// <summary>Loopback ports nobody listens on.</summary>
internal static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A free port not handed out before in this test run: the OS may offer a port it just offered again, and
    /// a process given it may not have bound it yet.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>True once something accepts connections on the loopback port.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
