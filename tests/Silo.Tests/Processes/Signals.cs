using System.Diagnostics;

namespace Cluster.Silo.Tests.Processes;

/// <summary>Sends a Unix signal to one process by its pid (what <c>kill -SIG pid</c> does).</summary>
internal static class Signals
{
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }
}
