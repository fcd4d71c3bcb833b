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

    /// <summary><paramref name="metrics"/> defaults to <see cref="ClusterMetrics.Default"/>.</summary>
    public DetectorTrainer(TrainerOptions options, IGradientAllReduce? allReduce = null, ClusterMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        this.metrics = metrics ?? ClusterMetrics.Default;
        this.allReduce = allReduce ?? new InProcessGradientAllReduce();
        encoder = new CenterNetTargetEncoder(options.Model);
        Devices = DeviceSelector.ForReplicas(options.Replicas, options.ForceCpu);
        var cpuReplicas = Devices.Count(d => d.type == DeviceType.CPU);
        var torchThreads = options.ThreadsPerReplica > 0
            ? options.ThreadsPerReplica
            : Math.Max(1, Environment.ProcessorCount / Math.Max(1, cpuReplicas));
        manual_seed(options.Seed);
        replicas = new Replica[options.Replicas];
        for (var r = 0; r < replicas.Length; r++)
            replicas[r] = new Replica(r, Devices[r], options, torchThreads);
        for (var r = 1; r < replicas.Length; r++)
            replicas[r].CopyWeightsFrom(replicas[0]);
        threads = Enumerable.Range(0, replicas.Length).Select(r => new ReplicaThread($"replica-{r}")).ToArray();
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
        await RunOnReplicasAsync(r => losses[r] = replicas[r].ForwardBackward(batch, slices[r].Start, slices[r].Count, targets[r], normalizer)).ConfigureAwait(false);
        // On replica 0's thread: the in-process all-reduce is torch work too (a cross-process one mostly waits).
        var gradients = replicas.Select(r => r.FlatGradient).ToArray();
        await threads[0].RunAsync(() => allReduce.AverageAsync(gradients, step, ct).AsTask().GetAwaiter().GetResult()).ConfigureAwait(false);
        var learningRate = Options.LearningRateAt(step);
        await RunOnReplicasAsync(r => replicas[r].ApplyStep(learningRate)).ConfigureAwait(false);

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
    public void SaveCheckpoint(string path, ReadOnlyMemory<byte> readerState) =>
        Checkpoint.Save(path, replicas[0].Model, replicas[0].Optimizer, State, readerState.Span);

    /// <summary>Restores every replica from a checkpoint and returns the reader state stored with it.</summary>
    public byte[] RestoreCheckpoint(string path)
    {
        var restored = Checkpoint.Load(path, Options.Model, replicas.Select(r => (r.Model, r.Optimizer)).ToArray());
        State = restored.State;
        return restored.ReaderState;
    }

    public void Dispose()
    {
        foreach (var thread in threads)
            thread.Dispose();
        foreach (var replica in replicas)
            replica.Dispose();
    }

    /// <summary>Runs <paramref name="work"/> for every replica concurrently, each on its own dedicated thread.</summary>
    private async Task RunOnReplicasAsync(Action<int> work)
    {
        var tasks = threads.Select((thread, rank) => thread.RunAsync(() => work(rank))).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch when (tasks.Count(t => t.IsFaulted) > 1)
        {
            throw new AggregateException("several replicas failed during the step", tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions));
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
