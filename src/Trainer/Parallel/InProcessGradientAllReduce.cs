using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Parallel;

/// <summary>
/// All-reduce among the replicas of one process: sums the flat gradients on the CPU in replica order (a fixed order,
/// so the result is deterministic), divides by the replica count, and copies the one result back to every replica's
/// device, so all replicas then apply bit-identical updates.
/// </summary>
public sealed class InProcessGradientAllReduce : IGradientAllReduce
{
    public ValueTask<GlobalBatchCounts> ExchangeCountsAsync(long localObjects, int localReplicas, long step, CancellationToken ct) =>
        ValueTask.FromResult(new GlobalBatchCounts(localObjects, localReplicas));

    public ValueTask AverageAsync(IReadOnlyList<Tensor> localGradients, long step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(localGradients);
        ct.ThrowIfCancellationRequested();
        if (localGradients.Count <= 1)
            return ValueTask.CompletedTask;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sum = localGradients[0].to(CPU, copy: true);
        for (var r = 1; r < localGradients.Count; r++)
        {
            if (localGradients[r].numel() != sum.numel())
                throw new ArgumentException($"replica {r} has {localGradients[r].numel()} gradient elements, replica 0 has {sum.numel()}");
            sum.add_(localGradients[r].to(CPU), Model.Scalars.One);
        }

        using var count = ((float)localGradients.Count).ToScalar();
        sum.div_(count);
        foreach (var gradient in localGradients)
            gradient.copy_(sum);
        return ValueTask.CompletedTask;
    }
}
