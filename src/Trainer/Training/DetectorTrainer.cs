using System.Diagnostics;
using Cluster.Formats.Pipeline;
using Cluster.Formats.Telemetry;
using Cluster.Trainer.Checkpoints;
using Cluster.Trainer.Model;
using Cluster.Trainer.Parallel;
using Cluster.Trainer.Targets;
using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Training;

/// <summary>
/// Data-parallel training of a <see cref="CenterNetDetector"/> in one process. Each step splits the global
/// <see cref="DecodedBatch"/> into disjoint slices, runs forward/backward of every replica concurrently (one device
/// each), averages the gradients through an <see cref="IGradientAllReduce"/>, and lets every replica apply the same
/// optimizer step. Every step is a <c>trainer.step</c> span (rank, world size, loss) and records the step time
/// histogram and the loss gauge.
/// </summary>
public sealed class DetectorTrainer : IDisposable
{
    private readonly Replica[] replicas;
    private readonly ReplicaThread[] threads;
    private readonly IGradientAllReduce allReduce;
    private readonly CenterNetTargetEncoder encoder;
    private readonly ClusterMetrics metrics;
    private bool disposed;

    /// <summary><paramref name="metrics"/> defaults to <see cref="ClusterMetrics.Default"/>.</summary>
    public DetectorTrainer(TrainerOptions options, IGradientAllReduce? allReduce = null, ClusterMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        this.metrics = metrics ?? ClusterMetrics.Default;
        this.allReduce = allReduce ?? new InProcessGradientAllReduce();
        encoder = new CenterNetTargetEncoder(options.Model);
        NativeAllocatorTuning.EnsureApplied();
        Devices = DeviceSelector.ForReplicas(options.Replicas, options.ForceCpu);
        var cpuReplicas = Devices.Count(d => d.type == DeviceType.CPU);
        var torchThreads = options.ThreadsPerReplica > 0
            ? options.ThreadsPerReplica
            : Math.Max(1, Environment.ProcessorCount / Math.Max(1, cpuReplicas));
        // Every torch call of a replica, its construction included, runs on that replica's own thread. libgomp throttles
        // its workers' spin-wait to ~nothing as soon as it manages more threads than there are cores, and any other
        // thread that once ran a parallel op (a thread-pool thread initialising the model) keeps an OpenMP team alive
        // for its lifetime: every op then pays a futex sleep and wake-up per worker (700 context switches per step).
        threads = Enumerable.Range(0, options.Replicas).Select(r => new ReplicaThread($"replica-{r}")).ToArray();
        replicas = new Replica[options.Replicas];
        try
        {
            for (var r = 0; r < replicas.Length; r++)
            {
                var rank = r;
                replicas[r] = threads[r].RunAsync(() =>
                {
                    set_num_threads(torchThreads);
                    if (rank == 0)
                        manual_seed(options.Seed);
                    return new Replica(rank, Devices[rank], options, torchThreads);
                }).GetAwaiter().GetResult();
            }

            RunOnReplicasAsync(r =>
            {
                if (r > 0)
                    replicas[r].CopyWeightsFrom(replicas[0]);
            }).GetAwaiter().GetResult();
        }
        catch
        {
            Dispose();
            throw;
        }

        State = new TrainingState(0, 0);
    }

    public TrainerOptions Options { get; }

    public IReadOnlyList<Device> Devices { get; }

    public TrainingState State { get; private set; }

    /// <summary>The model of replica 0 (all replicas hold the same weights): use it to evaluate or export.</summary>
    public CenterNetDetector Model => replicas[0].Model;

    internal IReadOnlyList<Replica> Replicas => replicas;

    /// <summary>One optimizer step on a global batch.</summary>
    public async Task<TrainStepResult> StepAsync(DecodedBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckShape(batch);
        ct.ThrowIfCancellationRequested();
        using var span = TrainerSpans.StartStep(State.Step, Options.Rank, Options.World);
        try
        {
            var result = await TrainStepAsync(batch, ct).ConfigureAwait(false);
            span?.SetTag(TelemetryAttributes.TrainerLoss, result.Loss);
            metrics.TrainerStepTaken(Options.Rank, result.Elapsed, result.Loss);
            return result;
        }
        catch (Exception e)
        {
            span.RecordFailure(e);
            throw;
        }
    }

    private async Task<TrainStepResult> TrainStepAsync(DecodedBatch batch, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var step = State.Step;
        var slices = BatchSlices.Split(batch.Count, replicas.Length);
        var targets = slices.Select(s => encoder.Encode(batch, s.Start, s.Count)).ToArray();
        var counts = await allReduce.ExchangeCountsAsync(targets.Sum(t => (long)t.Objects), replicas.Length, step, ct).ConfigureAwait(false);
        // Each replica's loss is its partial sum over (global objects / world size): the mean of the replicas'
        // gradients is then exactly the gradient of the whole batch's loss (sum / global objects).
        var normalizer = Math.Max(1, counts.Objects) / (double)counts.Replicas;

        var losses = new double[replicas.Length];
        var gradients = replicas.Select(r => r.FlatGradient).ToArray();
        var learningRate = Options.LearningRateAt(step);
        // One replica averaging with nobody: its gradients stay where backward left them (no flat copy in and out).
        var exchange = replicas.Length > 1 || allReduce is not InProcessGradientAllReduce;
        // The whole step is ONE hand-off to each replica thread (forward/backward, all-reduce, optimizer step), with the
        // replicas meeting at a barrier around the all-reduce: every extra round trip woke a thread-pool thread that
        // took a core from the OpenMP team mid-step.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var barrier = replicas.Length > 1 ? new Barrier(replicas.Length) : null;
        await RunOnReplicasAsync(r =>
        {
            try
            {
                losses[r] = replicas[r].ForwardBackward(batch, slices[r].Start, slices[r].Count, targets[r], normalizer, exchange);
                barrier?.SignalAndWait(failed.Token);
                // On replica 0's thread: the in-process all-reduce is torch work too (a cross-process one mostly waits).
                if (r == 0 && exchange)
                    allReduce.AverageAsync(gradients, step, failed.Token).AsTask().GetAwaiter().GetResult();
                barrier?.SignalAndWait(failed.Token);
                replicas[r].ApplyStep(learningRate, exchange);
            }
            catch
            {
                failed.Cancel(); // releases the replicas waiting for this one at the barrier
                throw;
            }
        }).ConfigureAwait(false);

        State = State with { Step = step + 1 };
        return new TrainStepResult(step, losses.Sum() / replicas.Length, batch.Count, counts.Objects, learningRate, clock.Elapsed);
    }

    /// <summary>
    /// Trains on every batch of <paramref name="batches"/> (one epoch of the reader), stopping early once
    /// <paramref name="maxSteps"/> steps have been taken in total; counts the epoch as complete when the stream ends.
    /// With a <paramref name="checkpoint"/> policy it saves every N steps and at the end of the epoch.
    /// </summary>
    public async Task<IReadOnlyList<TrainStepResult>> RunEpochAsync(
        IAsyncEnumerable<DecodedBatch> batches,
        long? maxSteps = null,
        IProgress<TrainStepResult>? progress = null,
        CheckpointPolicy? checkpoint = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        checkpoint?.Validate();
        var results = new List<TrainStepResult>();
        await foreach (var batch in batches.WithCancellation(ct).ConfigureAwait(false))
        {
            if (maxSteps is { } max && State.Step >= max)
                return results;
            var result = await StepAsync(batch, ct).ConfigureAwait(false);
            results.Add(result);
            progress?.Report(result);
            if (checkpoint is not null && State.Step % checkpoint.EverySteps == 0)
                SaveCheckpoint(checkpoint.Path, checkpoint.ReaderState());
        }

        CompleteEpoch();
        if (checkpoint is not null)
            SaveCheckpoint(checkpoint.Path, checkpoint.ReaderState());
        return results;
    }

    /// <summary>Counts the current epoch as complete (for loops that step through <see cref="StepAsync"/> themselves).</summary>
    public void CompleteEpoch() => State = State with { Epoch = State.Epoch + 1 };

    /// <summary>Predicts boxes for a batch with replica 0's model in eval mode.</summary>
    public IReadOnlyList<IReadOnlyList<Decoding.Detection>> Predict(DecodedBatch batch, Decoding.CenterNetDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckShape(batch);
        var chosen = decoder ?? new Decoding.CenterNetDecoder(Options.Model);
        return threads[0].RunAsync(() => Evaluation.Predictor.Predict(Model, replicas[0].Device, batch, chosen)).GetAwaiter().GetResult();
    }

    /// <summary>An evaluator that predicts with this trainer's model on replica 0's device and thread.</summary>
    public Evaluation.Evaluator CreateEvaluator(Decoding.CenterNetDecoder? decoder = null) => new(batch => Predict(batch, decoder));

    /// <summary>Saves model, optimizer, step/epoch and the reader's opaque state to <paramref name="path"/> atomically.</summary>
    public void SaveCheckpoint(string path, ReadOnlyMemory<byte> readerState)
    {
        var state = State;
        threads[0].RunAsync(() => Checkpoint.Save(path, replicas[0].Model, replicas[0].Optimizer, state, readerState.Span)).GetAwaiter().GetResult();
    }

    /// <summary>Restores every replica from a checkpoint and returns the reader state stored with it.</summary>
    public byte[] RestoreCheckpoint(string path)
    {
        var restored = threads[0].RunAsync(() => Checkpoint.Load(path, Options.Model, replicas.Select(r => (r.Model, r.Optimizer)).ToArray())).GetAwaiter().GetResult();
        State = restored.State;
        return restored.ReaderState;
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        for (var r = 0; r < replicas.Length; r++)
        {
            if (replicas[r] is { } replica)
                threads[r].RunAsync(replica.Dispose).GetAwaiter().GetResult();
        }

        foreach (var thread in threads)
            thread.Dispose();
    }

    /// <summary>Runs <paramref name="work"/> for every replica concurrently, each on its own dedicated thread.</summary>
    private async Task RunOnReplicasAsync(Action<int> work)
    {
        var tasks = threads.Select((thread, rank) => thread.RunAsync(() => work(rank))).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            // Replicas released from the barrier by another replica's failure end cancelled: report the failures that
            // caused it, or the cancellation itself when nothing else failed.
            var causes = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).Where(e => e is not OperationCanceledException).ToArray();
            if (causes.Length == 0)
                throw;
            if (causes.Length == 1)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(causes[0]).Throw();
            throw new AggregateException("several replicas failed during the step", causes);
        }
    }

    private void CheckShape(DecodedBatch batch)
    {
        if (batch.Height != Options.Model.InputHeight || batch.Width != Options.Model.InputWidth)
            throw new ArgumentException($"batch images are {batch.Width}×{batch.Height}, the model expects {Options.Model.InputWidth}×{Options.Model.InputHeight}", nameof(batch));
        if (batch.Pixels.Length < batch.Count * batch.ImageLength || batch.Targets.Count != batch.Count)
            throw new ArgumentException($"batch of {batch.Count} has {batch.Pixels.Length} floats and {batch.Targets.Count} targets", nameof(batch));
    }
}
