namespace Cluster.Silo.Tests.Chaos;

/// <summary>The chaos tests run alone, after the other test classes: their kill points are timed against a clean run,
/// and they should not share the CPU with other silo processes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "Chaos";
}
