using Cluster.Grains.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Parallel;

/// <summary>
/// All-reduce across trainer processes through the cluster's grains (<see cref="TrainingCollective"/>). Each process
/// first SUMS its local replicas' flat gradients on the CPU in replica order, sends that sum bucket by bucket, and gets
/// back the world's sum (added in rank order by the grain) divided by the replicas in the whole world: the mean over
/// every replica of every rank. The one result is copied into every local replica, so every replica in every process
/// applies bit-identical updates.
/// </summary>
public sealed class GrainGradientAllReduce(TrainingCollective collective) : IGradientAllReduce
{
    private readonly TrainingCollective _collective = collective ?? throw new ArgumentNullException(nameof(collective));
    private (long Step, int Replicas)? _counted;

    public TrainingCollective Collective => _collective;

    public async ValueTask<GlobalBatchCounts> ExchangeCountsAsync(long localObjects, int localReplicas, long step, CancellationToken ct)
    {
        var (objects, replicas) = await _collective.ExchangeCountsAsync(localObjects, localReplicas, step, ct).ConfigureAwait(false);
        _counted = (step, replicas);
        return new GlobalBatchCounts(objects, replicas);
    }

    public async ValueTask AverageAsync(IReadOnlyList<Tensor> localGradients, long step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(localGradients);
        if (localGradients.Count == 0)
            throw new ArgumentException("no local gradients", nameof(localGradients));
        if (_counted is not { } counted || counted.Step != step)
            throw new InvalidOperationException($"step {step}: exchange the counts before averaging (the world's replica count divides the sum)");

        var flat = LocalSum(localGradients);
        await _collective.AverageAsync(flat, counted.Replicas, step, ct).ConfigureAwait(false);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = Model.ArrayViews.Of(flat, 0, flat.Length);
        foreach (var gradient in localGradients)
            gradient.copy_(mean);
    }

    /// <summary>Σ of the local replicas' gradients on the CPU, in replica order, as one managed array.</summary>
    private static float[] LocalSum(IReadOnlyList<Tensor> localGradients)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sum = localGradients[0].to(CPU, copy: true);
        for (var r = 1; r < localGradients.Count; r++)
        {
            if (localGradients[r].numel() != sum.numel())
                throw new ArgumentException($"replica {r} has {localGradients[r].numel()} gradient elements, replica 0 has {sum.numel()}");
            sum.add_(localGradients[r].to(CPU), Model.Scalars.One);
        }

        return sum.data<float>().ToArray();
    }
}
