using Cluster.Silo.Tests.Processes;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary><c>--cluster</c> retries its first connection while the silos start (a Kubernetes Job and the silo
/// Deployment applied together): a silo that comes up after the client started still gets the job.</summary>
public sealed class ConnectRetryTests : IDisposable
{
    private readonly TempDirectory _temp = new("cluster-retry");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Convert_SiloStartsAfterTheClient_ConnectsOnRetryAndCompletes()
    {
        var gateway = FreePort.Next();
        var outDir = _temp.File("out");
        var convert = CliRun.InProcessAsync("convert", "--format", "voc", "--manifest", RepoPaths.Data("annotations", "voc", "raccoon"),
            "--out", outDir, "--shards", "2", "--cluster", $"127.0.0.1:{gateway}");

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(convert.IsCompleted, "convert gave up before any silo was up");
        await using var silo = SiloProcess.Start("Development", new Dictionary<string, string> { ["GatewayPort"] = $"{gateway}" });
        var r = await convert.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Error}\n{silo.Log}");
        Assert.Equal(9, ConvertOutput.Check(outDir, 2).Summary.ImagesWritten);
    }
}
