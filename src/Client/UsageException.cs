namespace Cluster.Client;

/// <summary>Arguments that parse but make no sense together; exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
