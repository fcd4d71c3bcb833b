using Cluster.Client.Forwarding;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary>
/// <c>cluster train/eval/demo</c> start the real, built <c>cluster-trainer</c> (src/Trainer's build output, found by
/// walking up to Cluster.sln; tests/run.sh builds the whole solution first) and pass its output and exit code through.
/// </summary>
public sealed class TrainerForwardingTests
{
    [Fact]
    public async Task DemoHelp_InProcess_PrintsTheTrainersHelpAndExits0()
    {
        RequireBuiltTrainer();

        var r = await CliRun.InProcessAsync("demo", "--help");

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("--minutes", r.Out, StringComparison.Ordinal);
        Assert.Contains("--held-out-images", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalWithoutOptions_InProcess_PassesTheUsageExitCode2Through()
    {
        RequireBuiltTrainer();

        var r = await CliRun.InProcessAsync("eval");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--checkpoint", r.Error, StringComparison.Ordinal);
        Assert.Contains("usage: cluster-trainer", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainWorldTwoWithoutCluster_Process_StdioInheritedAndExitCode2()
    {
        RequireBuiltTrainer();
        using var dir = new TempDirectory("forward");

        var r = CliRun.Process("train", "--data", dir.Path, "--out", dir.Path, "--world", "2", "--rank", "1");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --world 2 needs --cluster", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Find_EnvironmentNamesMissingFile_NullAndSaysWhereItLooked()
    {
        var found = TrainerLocator.Find(AppContext.BaseDirectory, "/nonexistent/cluster-trainer", out var searched);

        Assert.Null(found);
        Assert.Equal(["CLUSTER_TRAINER=/nonexistent/cluster-trainer"], searched);
    }

    [Fact]
    public void Find_NoTrainerBesideOrAboveFolder_Null()
    {
        using var dir = new TempDirectory("no-trainer");

        var found = TrainerLocator.Find(dir.Path, null, out var searched);

        Assert.Null(found);
        Assert.Equal([dir.Path], searched);
    }

    [Fact]
    public void Find_EnvironmentNamesDll_RunsItWithDotnet()
    {
        using var dir = new TempDirectory("env-trainer");
        var dll = dir.File("cluster-trainer.dll");
        File.WriteAllBytes(dll, []);

        var found = TrainerLocator.Find(AppContext.BaseDirectory, dll, out _);

        Assert.NotNull(found);
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(found.FileName));
        Assert.Equal([dll], found.PrefixArguments);
    }

    private static void RequireBuiltTrainer() =>
        Assert.True(TrainerLocator.Find(AppContext.BaseDirectory, null, out var searched) is not null,
            $"cluster-trainer is not built (looked in {string.Join("; ", searched)}): run 'dotnet build -c Release src/Trainer' or bash tests/run.sh");
}
