using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Cluster.Client.Forwarding;

namespace Cluster.Client.Commands;

/// <summary>
/// <c>cluster train|eval|demo ...</c>: the trainer lives in the later <c>cluster-trainer</c> program (the client does not
/// reference it), so these verbs start it with the same arguments: stdin/stdout/stderr passed through, its exit code
/// returned, Ctrl+C (SIGINT/SIGTERM) forwarded so it stops cleanly. Exit 1 with the places looked in when it is missing.
/// </summary>
public sealed class TrainerForwardCommand(string name, string description) : IRawVerb
{
    public string Name { get; } = name;

    public Command Build(CliContext context)
    {
        var rest = new Argument<string[]>("arguments") { Description = $"see 'cluster {Name} --help'", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(Name, $"{description} (runs {TrainerLocator.ProgramName})") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => RunRawAsync([.. parse.GetValue(rest) ?? [], .. parse.UnmatchedTokens], context, ct));
        return command;
    }

    public async Task<int> RunRawAsync(IReadOnlyList<string> arguments, CliContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var trainer = TrainerLocator.Find(AppContext.BaseDirectory, Environment.GetEnvironmentVariable(TrainerLocator.EnvironmentVariable), out var searched);
        if (trainer is null)
        {
            await context.Error.WriteLineAsync(
                $"error: '{TrainerLocator.ProgramName}' not found (looked in: {string.Join("; ", searched)}); build it with 'dotnet build -c Release src/Trainer' or set {TrainerLocator.EnvironmentVariable}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        // Straight to the terminal when cluster writes to it; otherwise (a caller's writers) copied line by line.
        var inherit = ReferenceEquals(context.Out, Console.Out) && ReferenceEquals(context.Error, Console.Error);
        var start = new ProcessStartInfo(trainer.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = !inherit,
            RedirectStandardError = !inherit,
        };
        foreach (var argument in trainer.PrefixArguments.Append(Name).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {trainer.FileName}");
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; ChildSignals.Interrupt(child); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; ChildSignals.Interrupt(child); });
        await using var cancel = ct.Register(() => ChildSignals.Interrupt(child));
        var copies = inherit
            ? []
            : new[] { CopyAsync(child.StandardOutput, context.Out), CopyAsync(child.StandardError, context.Error) };
        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(copies).ConfigureAwait(false);
        return child.ExitCode;
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await to.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
