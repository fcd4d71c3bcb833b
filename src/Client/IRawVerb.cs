namespace Cluster.Client;

/// <summary>
/// A verb that takes its arguments unparsed (e.g. to hand them to another program): <see cref="Cli"/> gives it
/// everything after its name, <c>--help</c> included, before System.CommandLine sees them.
/// </summary>
public interface IRawVerb : IVerb
{
    string Name { get; }

    Task<int> RunRawAsync(IReadOnlyList<string> arguments, CliContext context, CancellationToken ct);
}
