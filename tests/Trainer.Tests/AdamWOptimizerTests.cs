using Cluster.Trainer.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

public class AdamWOptimizerTests
{
    [Fact]
    public void Step_ThreeUpdates_MatchesTorchSharpsAdamW()
    {
        manual_seed(5);
        using var start = randn(4, 3);
        var gradients = Enumerable.Range(0, 3).Select(_ => randn(4, 3)).ToArray();
        using var ours = new Parameter(start.clone());
        using var theirs = new Parameter(start.clone());
        using var optimizer = new AdamWOptimizer([ours], weightDecay: 0.01);
        using var reference = optim.AdamW([theirs], lr: 0.05, weight_decay: 0.01);

        foreach (var g in gradients)
        {
            ours.grad = g.clone();
            theirs.grad = g.clone();
            optimizer.Step(0.05);
            reference.step();
        }

        Assert.True(ours.allclose(theirs, rtol: 1e-5, atol: 1e-7), "our AdamW diverges from torch.optim.AdamW");
        Assert.False(ours.allclose(start), "no update happened");
        Assert.Equal(3, optimizer.Steps);
    }

    [Fact]
    public void Load_StateSavedAfterTwoSteps_ContinuesIdentically()
    {
        manual_seed(6);
        using var start = randn(5);
        using var g = randn(5);
        using var a = new Parameter(start.clone());
        using var b = new Parameter(start.clone());
        using var first = new AdamWOptimizer([a], weightDecay: 0.1);
        using var second = new AdamWOptimizer([b], weightDecay: 0.1);
        a.grad = g.clone();
        first.Step(0.1);
        first.Step(0.1);
        using var stream = new MemoryStream();
        first.Save(new BinaryWriter(stream));
        stream.Position = 0;
        second.Load(new BinaryReader(stream));
        using (no_grad())
            b.copy_(a);
        b.grad = g.clone();

        first.Step(0.1);
        second.Step(0.1);

        Assert.True(TensorBits.Same(a, b));
        Assert.Equal(3, second.Steps);
    }
}
