namespace Cluster.Trainer.Tests;

/// <summary>The test classes that train on the shards of one shared <see cref="TinyDemoFixture"/> (built once).</summary>
[CollectionDefinition(Name)]
public sealed class TinyDemoCollection : ICollectionFixture<TinyDemoFixture>
{
    public const string Name = "tiny demo";
}
