using System.Diagnostics;
using Cluster.Client;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary>Runs <c>cluster</c> either in-process through <see cref="Cli.RunAsync"/> (what Program.cs calls) or as the built program.</summary>
internal static class CliRun
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static string Data(string name) => RepoPaths.Data("tfrecords", name);

    public static async Task<Result> InProcessAsync(params string[] args) => await InProcessAsync(CancellationToken.None, args);

    public static async Task<Result> InProcessAsync(CancellationToken ct, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.RunAsync(args, stdout, stderr, ct);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built <c>cluster.dll</c> (copied beside the tests) with <c>dotnet</c>, as a user's shell would.</summary>
    public static Result Process(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "cluster.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"cluster {string.Join(' ', args)} did not finish within 60 s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
