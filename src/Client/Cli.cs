using System.CommandLine;

namespace Cluster.Client;

/// <summary>
/// The <c>cluster</c> entry point without the process around it: parse errors exit 2 with the reason on stderr, and an
/// exception a verb lets escape is mapped by <see cref="CliErrors"/> (data loss 3, interrupted 130, otherwise 1).
/// </summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        var context = new CliContext(stdout, stderr);
        var root = new RootCommand("cluster: turns object-detection datasets into sharded TFRecords and trains on them");
        foreach (var verb in Verbs.All)
        {
            root.Subcommands.Add(verb.Build(context));
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("usage: cluster <verb> [options]; see 'cluster --help' or 'cluster <verb> --help'").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(configuration, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return CliErrors.Report(e, stderr);
        }
    }
}
