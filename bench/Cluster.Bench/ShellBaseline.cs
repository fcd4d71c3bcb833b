using System.Diagnostics;

namespace Cluster.Bench;

/// <summary>Times <c>cat</c> on the same bytes, the baseline each throughput is divided by.</summary>
internal static class ShellBaseline
{
    /// <summary><c>cat SRC &gt; DST</c>: reading and writing the bytes with no framing, the write baseline.</summary>
    public static TimeSpan CatCopy(string source, string destination) => Sh("cat \"$1\" > \"$2\"", source, destination);

    /// <summary><c>cat SRC &gt; /dev/null</c>: reading the bytes, the read baseline.</summary>
    public static TimeSpan CatRead(string source) => Sh("cat \"$1\" > /dev/null", source);

    private static TimeSpan Sh(string script, params string[] args)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("sh");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.WaitForExit();
        clock.Stop();
        return process.ExitCode == 0 ? clock.Elapsed : throw new InvalidOperationException($"sh -c '{script}' exited {process.ExitCode}");
    }
}
