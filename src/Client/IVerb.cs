using System.CommandLine;

namespace Cluster.Client;

/// <summary>One verb of <c>cluster</c>: builds its <see cref="Command"/> with an action that returns an exit code.</summary>
public interface IVerb
{
    Command Build(CliContext context);
}
