using Cluster.Tests.Shared;

namespace Cluster.Trainer.Tests;

/// <summary>One tiny end-to-end demo (64 generated images, 4 steps) shared by the CLI tests: its shards and checkpoint are real.</summary>
public sealed class TinyDemoFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("tiny-demo");

    public string Out => _dir.Path;

    internal TrainerCli.Result Demo { get; private set; } = null!;

    public string TrainShards => Path.Combine(Out, "shards", "train");

    public string HeldOutShards => Path.Combine(Out, "shards", "held-out");

    public string Checkpoint => Path.Combine(Out, "checkpoint.ckpt");

    public async Task InitializeAsync() =>
        Demo = await TrainerCli.RunAsync("demo", "--out", Out, "--train-images", "64", "--held-out-images", "16", "--max-steps", "4", "--threads", "1");

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
