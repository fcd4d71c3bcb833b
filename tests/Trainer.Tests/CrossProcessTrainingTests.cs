using Cluster.Tests.Shared;
using Cluster.Trainer.Checkpoints;

namespace Cluster.Trainer.Tests;

/// <summary>
/// Training across processes as a user runs it: a real silo on loopback ports and separate <c>cluster-trainer train
/// --world 2</c> processes that meet in a run and average gradients through the cluster's grains.
/// </summary>
[Collection(TinyDemoCollection.Name)]
public sealed class CrossProcessTrainingTests(TinyDemoFixture demo)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Train_TwoProcessesThroughTheCluster_EndBitIdenticalOnDisjointDataAndMatchOneProcessOnTheGlobalBatch()
    {
        using var dir = new TempDirectory("train-world");
        await using var silo = await LoopbackSilo.StartAsync();
        var run = $"run-{Guid.NewGuid():N}";
        string[] Single(string output, int replicas) =>
        [
            "train", "--data", demo.TrainShards, "--out", output, "--batch", "8", "--input-size", "32", "--replicas", $"{replicas}", "--threads", "1",
            "--max-steps", "3", "--checkpoint-every", "100",
        ];
        string[] Args(int replicas) => [.. Single(dir.Path, replicas), "--world", "2", "--cluster", silo.Address, "--run-id", run, "--bucket-floats", "20000", "--collective-timeout", "60"];

        // Rank 0 from --rank with two local replicas; rank 1 from a Kubernetes Indexed Job's completion index, one replica.
        using var rank0 = TrainerProcess.Start(Environment(silo), [.. Args(replicas: 2), "--rank", "0", "--record-log", dir.File("records-0.txt")]);
        using var rank1 = TrainerProcess.Start(Environment(silo, ("JOB_COMPLETION_INDEX", "1")), [.. Args(replicas: 1), "--record-log", dir.File("records-1.txt")]);
        var exits = await Task.WhenAll(rank0.WaitAsync(ProcessTimeout), rank1.WaitAsync(ProcessTimeout));

        Assert.True(exits[0] == 0, $"rank 0 exited {exits[0]}:\n{rank0.Error}");
        Assert.True(exits[1] == 0, $"rank 1 exited {exits[1]}:\n{rank1.Error}");
        Assert.Contains("rank 1 of 2: every rank has joined", rank1.Error, StringComparison.Ordinal);
        var (model0, state0) = Checkpoint.LoadModel(dir.File("checkpoint.ckpt"));
        var (model1, state1) = Checkpoint.LoadModel(dir.File("checkpoint.rank-1.ckpt"));
        using (model0)
        using (model1)
        {
            Assert.Equal(3, state0.Step);
            Assert.Equal(state0, state1);
            var p0 = model0.parameters().ToArray();
            var p1 = model1.parameters().ToArray();
            Assert.Equal(p0.Length, p1.Length);
            for (var i = 0; i < p0.Length; i++)
                Assert.True(TensorBits.Same(p0[i], p1[i]), $"parameter {i} differs between rank 0 and rank 1");

            // The world's mean is over all 3 replicas of both ranks: one process with one replica on the same global
            // batches (the rank split keeps positions p mod 2, so each step's two rank batches make up its batch of 8)
            // takes the same steps, up to float rounding.
            var reference = await TrainerCli.RunAsync(Single(dir.File("one-process"), replicas: 1));
            Assert.True(reference.ExitCode == 0, reference.Error);
            var (model, _) = Checkpoint.LoadModel(Path.Combine(dir.File("one-process"), "checkpoint.ckpt"));
            using (model)
            {
                var expected = model.named_parameters().ToArray();
                for (var i = 0; i < p0.Length; i++)
                {
                    using var diff = (expected[i].parameter - p0[i]).norm();
                    using var norm = expected[i].parameter.norm();
                    var relative = diff.item<float>() / Math.Max(norm.item<float>(), 1e-12f);
                    Assert.True(relative <= 1e-4, $"{expected[i].name}: two processes differ from one by {relative:E2} (relative)");
                }
            }
        }

        var records0 = File.ReadAllLines(dir.File("records-0.txt"));
        var records1 = File.ReadAllLines(dir.File("records-1.txt"));
        Assert.Equal(12, records0.Length); // 3 steps × 4 images per rank
        Assert.Equal(records0.Length, records1.Length);
        Assert.Empty(records0.Intersect(records1, StringComparer.Ordinal));
        Assert.Equal(24, records0.Concat(records1).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Train_SecondRankNeverStarts_FailsWithATimeoutNamingIt()
    {
        using var dir = new TempDirectory("train-alone");
        await using var silo = await LoopbackSilo.StartAsync();

        using var rank0 = TrainerProcess.Start(Environment(silo),
            "train", "--data", demo.TrainShards, "--out", dir.Path, "--batch", "8", "--input-size", "32", "--threads", "1", "--max-steps", "1",
            "--world", "2", "--rank", "0", "--cluster", silo.Address, "--run-id", $"run-{Guid.NewGuid():N}", "--collective-timeout", "3");
        var exit = await rank0.WaitAsync(ProcessTimeout);

        Assert.Equal(1, exit);
        Assert.Contains("rank(s) 1 of 2 did not join within 3 s", rank0.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("checkpoint.ckpt")));
    }

    [Theory]
    [InlineData("--batch", "7", "must divide evenly over --world 2")]
    [InlineData("--bucket-floats", "0", "--bucket-floats must be")]
    [InlineData("--collective-timeout", "0", "--collective-timeout must be positive")]
    [InlineData("--rank", "2", "--rank must be in 0..1")]
    public async Task Train_WorldTwoWithBadFlag_ExitsUsageBeforeConnecting(string flag, string value, string message)
    {
        // Port 1 on loopback: nothing listens there, so reaching the connection would fail differently (exit 1).
        var r = await TrainerCli.RunAsync("train", "--data", demo.TrainShards, "--out", Path.GetTempPath(), "--world", "2", "--cluster", "127.0.0.1:1", "--run-id", "x", flag, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(LoopbackSilo silo, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Cluster__ClusterId"] = silo.ClusterId,
            ["Cluster__ServiceId"] = silo.ClusterId,
            ["JOB_COMPLETION_INDEX"] = "",
            ["CLUSTER_RUN_ID"] = "",
        };
        foreach (var (key, value) in extra)
            environment[key] = value;
        return environment;
    }
}
