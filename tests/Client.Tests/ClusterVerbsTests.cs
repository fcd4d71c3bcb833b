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
