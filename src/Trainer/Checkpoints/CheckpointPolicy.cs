namespace Cluster.Trainer.Checkpoints;

/// <summary>
/// When a run checkpoints: every <see cref="EverySteps"/> optimizer steps and at the end of each epoch, to
/// <see cref="Path"/> (replaced atomically), with the reader's opaque state as <see cref="ReaderState"/> returns it at
/// that moment (the position after the last batch consumed).
/// </summary>
public sealed record CheckpointPolicy(string Path, int EverySteps, Func<ReadOnlyMemory<byte>> ReaderState)
{
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Path, nameof(Path));
        ArgumentOutOfRangeException.ThrowIfLessThan(EverySteps, 1, nameof(EverySteps));
        ArgumentNullException.ThrowIfNull(ReaderState, nameof(ReaderState));
    }
}
