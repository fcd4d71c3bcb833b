using Cluster.Client;
using Cluster.Trainer.Commands;

namespace Cluster.Trainer.Tests;

/// <summary>Runs <c>cluster-trainer</c> in-process through the same entry point its Program.cs calls.</summary>
internal static class TrainerCli
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.RunAsync(args, TrainerVerbs.All, "cluster-trainer", stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
