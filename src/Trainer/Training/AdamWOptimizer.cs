using Cluster.Trainer.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Cluster.Trainer.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter; the same update as PyTorch's <c>torch.optim.AdamW</c>, amsgrad off):
/// p ← p·(1 − lr·wd); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; p ← p − lr/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + ε).
/// Written here instead of using TorchSharp's because that one passes numbers as temporary scalars that can be
/// finalized during the native call (see <see cref="Scalars"/>); every scalar here lives until its call returns.
/// Its state (step and both moments) saves to and loads from a checkpoint stream.
/// </summary>
public sealed class AdamWOptimizer : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;

    public AdamWOptimizer(IEnumerable<Parameter> parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = parameters.ToArray();
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        firstMoments = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        secondMoments = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    /// <summary>Updates taken so far (t in the bias corrections).</summary>
    public long Steps { get; private set; }

    /// <summary>Applies one update with learning rate <paramref name="learningRate"/> to every parameter that has a gradient.</summary>
    public void Step(double learningRate)
    {
        Steps++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, Steps);
        var biasCorrection2 = 1 - Math.Pow(Beta2, Steps);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var decay = (1 - learningRate * WeightDecay).ToScalar();
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var stepSize = (-learningRate / biasCorrection1).ToScalar();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].grad is not { } grad)
                continue;
            var p = parameters[i];
            p.mul_(decay);
            firstMoments[i].mul_(beta1).add_(grad, oneMinusBeta1);
            secondMoments[i].mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            var denominator = secondMoments[i].sqrt().div_(sqrtBiasCorrection2).add_(epsilon, Scalars.One);
            p.addcdiv_(firstMoments[i], denominator, stepSize);
        }
    }

    /// <summary>Zeroes every gradient in place (keeps the gradient tensors allocated).</summary>
    public void ZeroGrad()
    {
        using var noGrad = no_grad();
        foreach (var p in parameters)
            p.grad?.zero_();
    }

    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Steps);
        writer.Write(parameters.Length);
        for (var i = 0; i < parameters.Length; i++)
        {
            WriteTensor(writer, firstMoments[i]);
            WriteTensor(writer, secondMoments[i]);
        }
    }

    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var steps = reader.ReadInt64();
        var count = reader.ReadInt32();
        if (steps < 0 || count != parameters.Length)
            throw new InvalidDataException($"optimizer state for {count} parameters (step {steps}); this model has {parameters.Length}");
        for (var i = 0; i < parameters.Length; i++)
        {
            ReadTensor(reader, firstMoments[i]);
            ReadTensor(reader, secondMoments[i]);
        }

        Steps = steps;
    }

    public void Dispose()
    {
        foreach (var t in firstMoments.Concat(secondMoments))
            t.Dispose();
    }

    private static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        using var cpu = tensor.cpu().contiguous();
        var values = cpu.data<float>().ToArray();
        writer.Write(values.Length);
        foreach (var v in values)
            writer.Write(v);
    }

    private static void ReadTensor(BinaryReader reader, Tensor into)
    {
        var length = reader.ReadInt32();
        if (length != into.numel())
            throw new InvalidDataException($"optimizer moment of {length} values for a parameter of {into.numel()}");
        var values = new float[length];
        for (var i = 0; i < length; i++)
            values[i] = reader.ReadSingle();
        using var noGrad = no_grad();
        using var loaded = tensor(values, into.shape).to(into.device);
        into.copy_(loaded);
    }
}
