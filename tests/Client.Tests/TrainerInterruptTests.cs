using System.Diagnostics;
using System.Runtime.InteropServices;
using Cluster.Client.Forwarding;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary>Ctrl+C on <c>cluster demo</c> reaches the <c>cluster-trainer</c> child, which stops and exits 130; so does <c>cluster</c>.</summary>
public sealed class TrainerInterruptTests
{
    [Fact]
    public async Task Demo_SigintToCluster_TrainerStopsAndExitCode130PassesThrough()
    {
        Assert.True(TrainerLocator.Find(AppContext.BaseDirectory, null, out var searched) is not null, $"cluster-trainer is not built (looked in {string.Join("; ", searched)})");
        using var dir = new TempDirectory("interrupt");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "cluster.dll"), "demo", "--out", dir.Path, "--train-images", "200", "--held-out-images", "20", "--threads", "1" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var training = new TaskCompletionSource();
        var stderr = new System.Text.StringBuilder();
        var pump = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (stderr)
                    stderr.AppendLine(line);
                if (line.StartsWith("step ", StringComparison.Ordinal))
                    training.TrySetResult();
            }
        });
        try
        {
            await training.Task.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(0, Kill(process.Id, 2));
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                string printed;
                lock (stderr)
                    printed = stderr.ToString();
                Assert.Fail($"cluster demo still running 60 s after SIGINT\n{ProcessSnapshot.Of(process.Id)}\n--- its stderr ---\n{printed}");
            }
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }

        await pump;
        await stdout;
        Assert.True(process.ExitCode == 130, stderr.ToString());
        Assert.Contains("interrupted", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("demo:", await stdout, StringComparison.Ordinal);
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
