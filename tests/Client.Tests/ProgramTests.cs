using System.Text.Json;

namespace Cluster.Client.Tests;

/// <summary>The built <c>cluster</c> program, run as a process: exit codes and the stdout/stderr split scripts rely on.</summary>
public sealed class ProgramTests
{
    [Fact]
    public void Process_VerifyCorruptRecord_Exits3MessageOnStderr()
    {
        var path = CliRun.Data("CORRUPT-crlf-normalized__tfmodels-od-testdata__pets_examples.record");

        var r = CliRun.Process("verify", path);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"corrupted record at offset 0 in {path}", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("corrupted", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_InspectJson_StdoutIsJsonAndStderrEmpty()
    {
        var r = CliRun.Process("inspect", CliRun.Data("datumaro-tfodapi__train.tfrecord"), "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Error);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(1, json.GetProperty("records").GetInt64());
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    public void Process_NoOrUnknownVerb_Exits2(params string[] args)
    {
        var r = CliRun.Process(args);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error:", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_Help_Exits0AndListsVerbs()
    {
        var r = CliRun.Process("--help");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("inspect", r.Out, StringComparison.Ordinal);
        Assert.Contains("verify", r.Out, StringComparison.Ordinal);
    }
}
