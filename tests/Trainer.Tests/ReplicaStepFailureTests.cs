using Cluster.Trainer.Parallel;
using Cluster.Trainer.Training;
using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

/// <summary>
/// A step is one hand-off to every replica thread, with the replicas meeting at a barrier around the all-reduce. These
/// tests prove a failure or a cancellation there releases every replica (no hang) and reports the cause.
/// </summary>
public class ReplicaStepFailureTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Step_AllReduceFailsOnReplicaZero_OtherReplicasAreReleasedAndTheCauseIsThrown()
    {
        // Not `using`: if replicas were left waiting at the barrier, disposing would wait for them forever, and the
        // assertion below must fail the test instead of hanging it.
        var trainer = new DetectorTrainer(TinyModels.Options(replicas: 3), new FailingAllReduce(failAtStep: 1));
        await trainer.StepAsync(TinyModels.Batch(0, 6));

        var step = trainer.StepAsync(TinyModels.Batch(6, 6));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => step.WaitAsync(NoHang));
        Assert.Equal("all-reduce of step 1 failed", error.Message);
        trainer.Dispose();

        // The replica threads are free again: the trainer still disposes and another trainer still trains.
        using var next = new DetectorTrainer(TinyModels.Options(replicas: 2));
        var result = await next.StepAsync(TinyModels.Batch(0, 4)).WaitAsync(NoHang);
        Assert.True(double.IsFinite(result.Loss));
    }

    [Fact]
    public async Task Step_CancelledDuringTheAllReduce_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var trainer = new DetectorTrainer(TinyModels.Options(replicas: 2), new CancellingAllReduce(cancel));

        var step = trainer.StepAsync(TinyModels.Batch(0, 4), cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step.WaitAsync(NoHang));
        Assert.Equal(0, trainer.State.Step);
        trainer.Dispose();
    }

    [Fact]
    public async Task Step_OneReplica_FailureIsThrownAsIs()
    {
        using var trainer = new DetectorTrainer(TinyModels.Options(replicas: 1), new FailingAllReduce(failAtStep: 0));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => trainer.StepAsync(TinyModels.Batch(0, 4)).WaitAsync(NoHang));
        Assert.Equal("all-reduce of step 0 failed", error.Message);
    }

    private sealed class FailingAllReduce(long failAtStep) : IGradientAllReduce
    {
        private readonly InProcessGradientAllReduce inner = new();

        public ValueTask<GlobalBatchCounts> ExchangeCountsAsync(long localObjects, int localReplicas, long step, CancellationToken ct) =>
            inner.ExchangeCountsAsync(localObjects, localReplicas, step, ct);

        public ValueTask AverageAsync(IReadOnlyList<Tensor> localGradients, long step, CancellationToken ct) =>
            step == failAtStep ? throw new InvalidOperationException($"all-reduce of step {step} failed") : inner.AverageAsync(localGradients, step, ct);
    }

    private sealed class CancellingAllReduce(CancellationTokenSource cancel) : IGradientAllReduce
    {
        public ValueTask<GlobalBatchCounts> ExchangeCountsAsync(long localObjects, int localReplicas, long step, CancellationToken ct) =>
            ValueTask.FromResult(new GlobalBatchCounts(localObjects, localReplicas));

        public ValueTask AverageAsync(IReadOnlyList<Tensor> localGradients, long step, CancellationToken ct)
        {
            cancel.Cancel();
            ct.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        }
    }
}
