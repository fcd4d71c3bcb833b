using System.Runtime.InteropServices;

namespace Cluster.Client.Forwarding;

/// <summary>Sends SIGINT to a child process (POSIX <c>kill(2)</c>), as a terminal's Ctrl+C would.</summary>
internal static partial class ChildSignals
{
    private const int SigInt = 2;

    public static void Interrupt(System.Diagnostics.Process child)
    {
        if (child.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            child.Kill(entireProcessTree: true);
            return;
        }

        _ = Kill(child.Id, SigInt);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
