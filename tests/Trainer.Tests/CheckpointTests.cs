using Cluster.Tests.Shared;
using Cluster.Trainer.Checkpoints;
using Cluster.Trainer.Model;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Tests;

public class CheckpointTests
{
    [Fact]
    public async Task Restore_AfterNSteps_ContinuesTheSameRunBitForBit()
    {
        using var dir = new TempDirectory("ckpt");
        var path = dir.File("run.ckpt");
        var batches = Enumerable.Range(0, 5).Select(i => TinyModels.Batch(i * 4, 4)).ToArray();
        byte[] readerState = [1, 2, 3, 42];

        using var original = new DetectorTrainer(TinyModels.Options(replicas: 2));
        for (var i = 0; i < 3; i++)
            await original.StepAsync(batches[i]);
        original.SaveCheckpoint(path, readerState);
        for (var i = 3; i < 5; i++)
            await original.StepAsync(batches[i]);

        using var resumed = new DetectorTrainer(TinyModels.Options(replicas: 2, seed: 99)); // different init: the checkpoint must override it
        var restoredReaderState = resumed.RestoreCheckpoint(path);
        Assert.Equal(readerState, restoredReaderState);
        Assert.Equal(3, resumed.State.Step);
        for (var i = 3; i < 5; i++)
            await resumed.StepAsync(batches[i]);

        var a = original.Model.named_parameters().ToArray();
        var b = resumed.Model.named_parameters().ToArray();
        for (var i = 0; i < a.Length; i++)
            Assert.True(TensorBits.Same(a[i].parameter, b[i].parameter), $"{a[i].name} differs after resuming");
        foreach (var replica in resumed.Replicas)
            Assert.True(TensorBits.Same(replica.Model.parameters().First(), b[0].parameter), $"replica {replica.Rank} was not restored");
    }

    [Fact]
    public async Task LoadModel_SavedCheckpoint_PredictsExactlyLikeTheTrainer()
    {
        using var dir = new TempDirectory("ckpt");
        var path = dir.File("model.ckpt");
        using var trainer = new DetectorTrainer(TinyModels.Options(replicas: 1));
        await trainer.StepAsync(TinyModels.Batch(0, 4));
        trainer.SaveCheckpoint(path, ReadOnlyMemory<byte>.Empty);
        var batch = TinyModels.Batch(10, 3);

        var (model, state) = Checkpoint.LoadModel(path);
        using (model)
        {
            var fromFile = Evaluation.Predictor.Predict(model, TorchSharp.torch.CPU, batch, new Decoding.CenterNetDecoder(model.Config));
            var fromTrainer = trainer.Predict(batch);
            Assert.Equal(1, state.Step);
            Assert.Equal(TinyModels.Config, model.Config);
            Assert.Equal(fromTrainer.Select(d => d.ToArray()), fromFile.Select(d => d.ToArray()));
        }
    }

    [Fact]
    public void Restore_TruncatedFile_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory("ckpt");
        var path = dir.File("cut.ckpt");
        using (var trainer = new DetectorTrainer(TinyModels.Options(replicas: 1)))
            trainer.SaveCheckpoint(path, new byte[] { 9 });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        using var target = new DetectorTrainer(TinyModels.Options(replicas: 1));
        var e = Assert.ThrowsAny<Exception>(() => target.RestoreCheckpoint(path));
        Assert.Contains("cut.ckpt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_DifferentModelShape_ThrowsCheckpointFormatException()
    {
        using var dir = new TempDirectory("ckpt");
        var path = dir.File("small.ckpt");
        using (var trainer = new DetectorTrainer(TinyModels.Options(replicas: 1)))
            trainer.SaveCheckpoint(path, ReadOnlyMemory<byte>.Empty);

        using var other = new DetectorTrainer(TinyModels.Options(replicas: 1) with { Model = new DetectorConfig(4, 32, 32, 8) });
        var e = Assert.Throws<CheckpointFormatException>(() => other.RestoreCheckpoint(path));
        Assert.Contains("small.ckpt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_NotACheckpoint_ThrowsBadMagic()
    {
        using var dir = new TempDirectory("ckpt");
        var path = dir.File("text.ckpt");
        File.WriteAllText(path, "hello, this is not a checkpoint at all");
        using var target = new DetectorTrainer(TinyModels.Options(replicas: 1));
        var e = Assert.Throws<CheckpointFormatException>(() => target.RestoreCheckpoint(path));
        Assert.Contains("bad magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunEpochAsync_WithPolicy_CheckpointsEveryNStepsAndAtEpochEndWithReaderState()
    {
        using var dir = new TempDirectory("ckpt");
        var path = dir.File("policy.ckpt");
        var consumed = 0;
        var saves = new List<(long Step, int Consumed)>();
        var batches = Enumerable.Range(0, 5).Select(i => TinyModels.Batch(i * 2, 2)).ToArray();
        async IAsyncEnumerable<Formats.Pipeline.DecodedBatch> Reader()
        {
            foreach (var b in batches)
            {
                await Task.Yield();
                consumed++;
                yield return b;
            }
        }

        using var trainer = new DetectorTrainer(TinyModels.Options(replicas: 2));
        await trainer.RunEpochAsync(Reader(), checkpoint: new CheckpointPolicy(path, 2, () =>
        {
            saves.Add((trainer.State.Step, consumed));
            return BitConverter.GetBytes(consumed);
        }));

        Assert.Equal([(2L, 2), (4L, 4), (5L, 5)], saves);
        using var resumed = new DetectorTrainer(TinyModels.Options(replicas: 1));
        var readerState = resumed.RestoreCheckpoint(path);
        Assert.Equal(5, BitConverter.ToInt32(readerState));
        Assert.Equal(new TrainingState(5, 1), resumed.State);
    }
}
