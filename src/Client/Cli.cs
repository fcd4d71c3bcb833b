using System.CommandLine;

namespace Cluster.Client;

/// <summary>
/// The <c>cluster</c> entry point without the process around it: parse errors exit 2 with the reason on stderr, and an
/// exception a verb lets escape is mapped by <see cref="CliErrors"/> (data loss 3, interrupted 130, otherwise 1).
/// </summary>
public static class Cli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        RunAsync(args, Verbs.All, "cluster", stdout, stderr, ct);

    /// <summary>
    /// The same machinery over another set of verbs: a later program (e.g. <c>cluster-trainer</c>) adds its own verbs
    /// without <c>cluster</c> referencing it. <paramref name="program"/> names the program in usage messages.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IEnumerable<IVerb> verbs, string program, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(verbs);
        var context = new CliContext(stdout, stderr);
        if (args.Length > 0 && verbs.OfType<IRawVerb>().FirstOrDefault(v => v.Name == args[0]) is { } raw)
        {
            try
            {
                return await raw.RunRawAsync(args[1..], context, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return CliErrors.Report(e, stderr);
            }
        }

        var root = new RootCommand($"{program}: turns object-detection datasets into sharded TFRecords and trains on them");
        foreach (var verb in verbs)
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

            await stderr.WriteLineAsync($"usage: {program} <verb> [options]; see '{program} --help' or '{program} <verb> --help'").ConfigureAwait(false);
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
