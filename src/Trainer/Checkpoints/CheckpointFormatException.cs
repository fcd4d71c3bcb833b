namespace Cluster.Trainer.Checkpoints;

/// <summary>A checkpoint file that is not one, is truncated, or was written for a different model.</summary>
public sealed class CheckpointFormatException(string path, string reason, Exception? inner = null)
    : Exception($"checkpoint '{path}': {reason}", inner)
{
    public string Path { get; } = path;
}
