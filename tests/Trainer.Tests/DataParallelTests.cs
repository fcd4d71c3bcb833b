using Cluster.Trainer.Parallel;
using Cluster.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

public class DataParallelTests
{
    [Fact]
    public async Task Step_ThreeReplicasForSeveralSteps_AllReplicasHoldBitIdenticalParameters()
    {
        using var trainer = new DetectorTrainer(TinyModels.Options(replicas: 3));
        for (var step = 0; step < 4; step++)
            await trainer.StepAsync(TinyModels.Batch(step * 7, 7)); // 7 images: slices of 3, 2 and 2

        var reference = trainer.Replicas[0].Model.parameters().ToArray();
        foreach (var replica in trainer.Replicas.Skip(1))
        {
            var other = replica.Model.parameters().ToArray();
            Assert.Equal(reference.Length, other.Length);
            for (var i = 0; i < reference.Length; i++)
                Assert.True(TensorBits.Same(reference[i], other[i]), $"replica {replica.Rank} parameter {i} differs from replica 0");
        }

        using var untrained = new DetectorTrainer(TinyModels.Options(replicas: 1));
        Assert.False(TensorBits.Same(reference[0], untrained.Model.parameters().First()), "training changed nothing");
    }

    [Fact]
    public async Task Step_TwoReplicasOnBatchTwoB_MatchesOneReplicaOnTheWholeBatch()
    {
        using var one = new DetectorTrainer(TinyModels.Options(replicas: 1));
        using var two = new DetectorTrainer(TinyModels.Options(replicas: 2));
        var losses = new List<(double One, double Two)>();
        for (var step = 0; step < 3; step++)
        {
            var batch = TinyModels.Batch(step * 8, 8); // b = 4 per replica
            var a = await one.StepAsync(batch);
            var b = await two.StepAsync(batch);
            losses.Add((a.Loss, b.Loss));
        }

        foreach (var (a, b) in losses)
            Assert.True(Math.Abs(a - b) <= 1e-5 * Math.Abs(a), $"loss {a} (1 replica) vs {b} (2 replicas)");
        var p1 = one.Model.named_parameters().ToArray();
        var p2 = two.Model.named_parameters().ToArray();
        for (var i = 0; i < p1.Length; i++)
        {
            using var diff = (p1[i].parameter - p2[i].parameter).norm();
            using var norm = p1[i].parameter.norm();
            var relative = diff.item<float>() / Math.Max(norm.item<float>(), 1e-12f);
            Assert.True(relative <= 1e-5, $"{p1[i].name}: relative difference {relative:E2}");
        }
    }

    [Fact]
    public async Task Step_BatchSmallerThanReplicaCount_EmptySliceContributesZeroGradient()
    {
        using var one = new DetectorTrainer(TinyModels.Options(replicas: 1));
        using var three = new DetectorTrainer(TinyModels.Options(replicas: 3));
        var batch = TinyModels.Batch(0, 2);

        var a = await one.StepAsync(batch);
        var b = await three.StepAsync(batch);

        Assert.Equal(a.Loss, b.Loss, 4);
        Assert.Equal(2, b.Images);
    }

    [Fact]
    public void Split_SevenImagesThreeReplicas_DisjointContiguousCoverage()
    {
        var slices = BatchSlices.Split(7, 3);
        Assert.Equal([(0, 3), (3, 2), (5, 2)], slices);
    }

    [Fact]
    public async Task AverageAsync_ThreeBuffers_AllHoldTheMean()
    {
        var buffers = new[] { tensor(new[] { 1f, 2f }), tensor(new[] { 3f, 4f }), tensor(new[] { 5f, 9f }) };
        await new InProcessGradientAllReduce().AverageAsync(buffers, step: 0, CancellationToken.None);
        foreach (var b in buffers)
            Assert.Equal(new[] { 3f, 5f }, b.data<float>().ToArray());
    }

    [Fact]
    public void Devices_OnThisMachine_AreCpuWhenForced()
    {
        var devices = DeviceSelector.ForReplicas(2, forceCpu: true);
        Assert.All(devices, d => Assert.Equal(DeviceType.CPU, d.type));
    }
}
