namespace Cluster.Silo.Tests.Chaos;

/// <summary>One chaos run as the results file lists it.</summary>
/// <param name="Fault">What was done to the cluster, e.g. "SIGKILL silo 2" or "Azurite stopped 10.0 s".</param>
/// <param name="FaultPoint">Where in the job it happened: items done of items planned when it struck.</param>
internal sealed record ChaosRunResult(string Run, long Seed, string Fault, string FaultPoint, TimeSpan JobTime, int Records, int Lost, int Duplicated, bool Identical, int Redrives)
{
    /// <summary>The job finished before the fault struck: the run proves nothing.</summary>
    public bool Missed => FaultPoint.StartsWith("missed", StringComparison.Ordinal);
}
