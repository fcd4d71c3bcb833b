using System.Runtime.InteropServices;

namespace Cluster.Bench;

/// <summary>
/// CPU time (user + system) of every child process this one has waited for, from getrusage(RUSAGE_CHILDREN): the
/// difference around a run is the CPU its child processes used, even when several ran at once.
/// </summary>
internal static class ChildCpu
{
    private const int RusageChildren = -1;

    public static TimeSpan Total()
    {
        if (GetRusage(RusageChildren, out var usage) != 0)
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        var micros = (usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicros + usage.SystemMicros;
        return TimeSpan.FromMicroseconds(micros);
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project; one blittable call is fine as DllImport
    private static extern int GetRusage(int who, out Usage usage);
#pragma warning restore SYSLIB1054

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs this class does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Usage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        private readonly long _r0, _r1, _r2, _r3, _r4, _r5, _r6, _r7, _r8, _r9, _r10, _r11, _r12, _r13;
    }
}
