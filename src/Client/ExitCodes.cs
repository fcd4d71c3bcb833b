namespace Cluster.Client;

/// <summary>The exit codes of <c>cluster</c> (docs: CLI.md). Scripts depend on them: never renumber.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int DataLoss = 3;
    public const int TooManyQuarantined = 4;
    public const int Interrupted = 130;
}
