using TorchSharp;

namespace Cluster.Trainer.Parallel;

/// <summary>
/// The collective operations a data-parallel step needs. <see cref="InProcessGradientAllReduce"/> serves replicas in
/// one process; a cross-process implementation (ranks exchanging buckets through grains) implements the same contract
/// and adds its ranks' replicas and objects to the totals.
/// </summary>
public interface IGradientAllReduce
{
    /// <summary>
    /// Agrees on the totals for step <paramref name="step"/>: objects in the global batch (the loss normalizer) and the
    /// number of replicas taking part everywhere (the world size that gradients are averaged over).
    /// </summary>
    ValueTask<GlobalBatchCounts> ExchangeCountsAsync(long localObjects, int localReplicas, long step, CancellationToken ct);

    /// <summary>
    /// Replaces every tensor in <paramref name="localGradients"/> (one flat gradient per local replica, same length)
    /// with the element-wise mean over all replicas in the world. Afterwards every buffer holds identical bits.
    /// </summary>
    ValueTask AverageAsync(IReadOnlyList<torch.Tensor> localGradients, long step, CancellationToken ct);
}
