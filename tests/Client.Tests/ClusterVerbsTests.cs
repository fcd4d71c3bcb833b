using Cluster.Silo.Tests.Data;
using Cluster.Silo.Tests.Processes;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary><c>convert --cluster --no-wait</c>, <c>status</c> and <c>resume</c> against a running <c>cluster-silo</c>
/// (Development settings: localhost clustering, memory storage).</summary>
public sealed class ClusterVerbsTests(DevSiloFixture silo) : IClassFixture<DevSiloFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("cluster-verbs");

    private string Address => silo.Address;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ConvertNoWaitThenStatusAndResume_RunningCluster_JobCompletes()
    {
        var outDir = _temp.File("out");
        var voc = RepoPaths.Data("annotations", "voc", "raccoon");

        var started = await CliRun.InProcessAsync("convert", "--format", "voc", "--manifest", voc, "--out", outDir, "--shards", "3", "--cluster", Address, "--no-wait");
        Assert.Equal(0, started.ExitCode);
        var jobId = started.Out.Trim();
        Assert.Matches("^data-[0-9a-f]{12}$", jobId);

        var status = await CliRun.InProcessAsync("status", jobId, "--cluster", Address);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"job: {jobId}\n", status.Out, StringComparison.Ordinal);
        Assert.Matches("phase: (planning|writing|completed)\n", status.Out);

        var resumed = await CliRun.InProcessAsync("resume", jobId, "--cluster", Address);
        Assert.Equal(0, resumed.ExitCode);
        Assert.StartsWith($"job {jobId} completed: 9 images", resumed.Out, StringComparison.Ordinal);

        var done = await CliRun.InProcessAsync("status", jobId, "--cluster", Address);
        Assert.Contains("phase: completed\nshards: 3/3\nimages: 9/9\n", done.Out, StringComparison.Ordinal);
        ConvertOutput.Check(outDir, 3);
    }

    [Fact]
    public async Task Convert_InterruptedWhileWatching_DetachesExit130AndJobCompletes()
    {
        var manifest = SlowShardDataset.Create(_temp.File("slow"), images: 160, shards: 4, seed: 3);
        var outDir = _temp.File("detached");
        using var interrupt = new CancellationTokenSource();

        var watching = CliRun.InProcessAsync(interrupt.Token, "convert", "--format", "csv", "--manifest", manifest, "--images", Path.Combine(Path.GetDirectoryName(manifest)!, "images"),
            "--out", outDir, "--shards", "4", "--seed", "3", "--max-side", "100", "--cluster", Address);
        while (!File.Exists(Path.Combine(outDir, ".cluster-work", "plan.json")))
        {
            Assert.False(watching.IsCompleted, "convert ended before the job was planned");
            await Task.Delay(10);
        }

        interrupt.Cancel();
        var r = await watching;

        Assert.Equal(130, r.ExitCode);
        var jobId = System.Text.RegularExpressions.Regex.Match(r.Error, "detached: job (data-[0-9a-f]{12}) keeps running").Groups[1].Value;
        Assert.NotEmpty(jobId);
        var status = await CliRun.InProcessAsync("status", jobId, "--cluster", Address);
        for (var polls = 0; !status.Out.Contains("phase: completed", StringComparison.Ordinal) && polls < 600; polls++)
        {
            await Task.Delay(100);
            status = await CliRun.InProcessAsync("status", jobId, "--cluster", Address);
        }

        Assert.Contains("phase: completed\nshards: 4/4\nimages: 160/160\n", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownJob_Exit1()
    {
        var r = await CliRun.InProcessAsync("status", "no-such-job", "--cluster", Address);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no job 'no-such-job'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_UnknownJob_Exit1()
    {
        var r = await CliRun.InProcessAsync("resume", "no-such-job", "--cluster", Address);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no job 'no-such-job'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ClusterNotListening_Exit1NamingTheAddress()
    {
        var address = $"127.0.0.1:{FreePort.Next()}";

        var r = await CliRun.InProcessAsync("convert", "--format", "voc", "--manifest", RepoPaths.Data("annotations", "voc", "raccoon"),
            "--out", _temp.File("x"), "--shards", "1", "--cluster", address);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"cannot reach the cluster at {address}", r.Error, StringComparison.Ordinal);
    }
}
