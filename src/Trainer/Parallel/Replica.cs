using Cluster.Formats.Pipeline;
using Cluster.Trainer.Model;
using Cluster.Trainer.Targets;
using Cluster.Trainer.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Cluster.Trainer.Parallel;

/// <summary>
/// One model copy on one device with its own optimizer, and a flat gradient buffer the all-reduce works on.
/// Every replica starts from the same weights and applies the same averaged gradient, so all stay identical.
/// </summary>
internal sealed class Replica : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly int threads;

    public Replica(int rank, Device device, TrainerOptions options, int threads)
    {
        Rank = rank;
        Device = device;
        this.threads = threads;
        Model = new CenterNetDetector(options.Model);
        Model.to(device);
        parameters = Model.parameters().ToArray();
        FlatGradient = zeros(parameters.Sum(p => p.numel()), device: device);
        Optimizer = new AdamWOptimizer(parameters, options.WeightDecay);
    }

    public int Rank { get; }

    public Device Device { get; }

    public CenterNetDetector Model { get; }

    public AdamWOptimizer Optimizer { get; }

    public Tensor FlatGradient { get; }

    /// <summary>Copies every parameter of <paramref name="source"/> into this replica.</summary>
    public void CopyWeightsFrom(Replica source)
    {
        using var noGrad = no_grad();
        var from = source.parameters;
        for (var i = 0; i < parameters.Length; i++)
            parameters[i].copy_(from[i]);
    }

    /// <summary>
    /// Forward and backward over images [start, start+count) of the batch, leaving the gradient in <see cref="FlatGradient"/>
    /// when <paramref name="flatten"/> is set (there is an all-reduce to take part in), else only in the parameters.
    /// Returns this replica's loss term. An empty slice contributes a zero gradient.
    /// </summary>
    public double ForwardBackward(DecodedBatch batch, int start, int count, CenterNetTargets targets, double normalizer, bool flatten = true)
    {
        using var scope = NewDisposeScope();
        set_num_threads(threads);
        if (count == 0)
        {
            Optimizer.ZeroGrad();
            FlatGradient.zero_();
            return 0;
        }

        Model.train();
        Optimizer.ZeroGrad();
        // A view of this replica's slice of the batch's own pixel array: no per-step copy.
        var input = ArrayViews.Of(batch.Pixels, (long)start * batch.ImageLength, count, 3, batch.Height, batch.Width).to(Device);
        var output = Model.forward(input);
        var loss = CenterNetLoss.Compute(output, targets, normalizer, Device);
        loss.backward();
        if (!flatten)
            return loss.item<float>();
        using (no_grad())
        {
            long offset = 0;
            foreach (var p in parameters)
            {
                var n = p.numel();
                var slot = FlatGradient.narrow(0, offset, n);
                if (p.grad is { } grad)
                    slot.copy_(grad.reshape(n));
                else
                    slot.zero_();
                offset += n;
            }
        }

        return loss.item<float>();
    }

    /// <summary>
    /// Writes the (averaged) flat gradient back to the parameters when <paramref name="fromFlat"/> is set, then takes
    /// one optimizer step.
    /// </summary>
    public void ApplyStep(double learningRate, bool fromFlat = true)
    {
        using var scope = NewDisposeScope();
        set_num_threads(threads);
        if (fromFlat)
            CopyFlatGradientToParameters();
        Optimizer.Step(learningRate);
    }

    private void CopyFlatGradientToParameters()
    {
        using var noGrad = no_grad();
        long offset = 0;
        foreach (var p in parameters)
        {
            var n = p.numel();
            var slot = FlatGradient.narrow(0, offset, n).view_as(p);
            if (p.grad is { } grad)
                grad.copy_(slot);
            else
            {
                using var fresh = slot.clone(); // the parameter keeps its own reference
                p.grad = fresh;
            }
            offset += n;
        }
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        FlatGradient.Dispose();
        Model.Dispose();
    }
}
