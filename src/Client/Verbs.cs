using Cluster.Client.Commands;

namespace Cluster.Client;

/// <summary>Every verb of <c>cluster</c>. Adding a verb = one file under Commands/ + one line here.</summary>
public static class Verbs
{
    public static IReadOnlyList<IVerb> All { get; } =
    [
        new InspectCommand(),
        new VerifyCommand(),
        new ReadCommand(),
        new ConvertCommand(),
        new StatusCommand(),
        new ResumeCommand(),
    ];
}
