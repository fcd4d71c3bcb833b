using Cluster.Grains.Finishing;
using Cluster.Grains.Hosting;
using Cluster.Grains.Planning;
using Cluster.Grains.Storage;
using Cluster.Grains.Tracing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Cluster.Grains;

/// <summary>
/// A conversion job (key: job id). Plans in the background, then a timer drives one writer per unfinished shard at every
/// tick: a live writer ignores it, a writer whose silo died is activated again elsewhere and rewrites its shard (same
/// bytes). Not reentrant: every state change happens in one turn; planning runs off the turn and ends in one.
/// </summary>
public sealed partial class ConversionJobGrain(
    [PersistentState("job", StorageNames.Jobs)] IPersistentState<ConversionJobState> state,
    IOptions<ConversionOptions> options,
    ILocalSiloDetails silo,
    ILogger<ConversionJobGrain> log) : Grain, IConversionJobGrain
{
    /// <summary>Tries of one state write before a storage error reaches the caller (see <see cref="SaveAsync"/>).</summary>
    private const int SaveAttempts = 20;

    private readonly Dictionary<int, long> _itemsDone = [];
    private readonly HashSet<int> _dispatched = [];
    private readonly JobTrace _trace = new();
    private Task? _planning;
    private IGrainTimer? _driver;

    private string JobId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Phase is JobPhase.Planning or JobPhase.Writing)
        {
            Continue();
        }

        return Task.CompletedTask;
    }

    public async Task<JobProgress> StartAsync(ConversionJobSpec spec)
    {
        JobSpecs.Validate(spec, StorageAccess.Of(options.Value));
        if (state.State.Spec is { } existing && existing != spec)
        {
            throw new ArgumentException($"job '{JobId}' exists with a different spec (output {existing.OutputDir}); choose another job name");
        }

        if (state.State.Spec is null || state.State.Phase == JobPhase.Failed)
        {
            state.State.Spec = spec;
            state.State.Phase = state.State.PlanId is null ? JobPhase.Planning : JobPhase.Writing;
            state.State.Error = null;
            await SaveAsync();
        }

        Continue();
        return Progress();
    }

    public async Task<JobProgress> ResumeAsync()
    {
        if (state.State.Spec is null)
        {
            throw new ArgumentException($"no job '{JobId}' on this cluster");
        }

        if (state.State.Phase == JobPhase.Failed)
        {
            state.State.Phase = state.State.PlanId is null ? JobPhase.Planning : JobPhase.Writing;
            state.State.Error = null;
            await SaveAsync();
        }

        Continue();
        return Progress();
    }

    public Task<JobProgress> GetProgressAsync() => Task.FromResult(Progress());

    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToString());

    public Task ReportProgressAsync(int index, long itemsDone)
    {
        if (!state.State.Done.ContainsKey(index))
        {
            _itemsDone[index] = itemsDone;
        }

        return Task.CompletedTask;
    }

    public async Task ReportShardDoneAsync(ShardResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (state.State.Phase != JobPhase.Writing || result.PlanId != state.State.PlanId || state.State.Done.ContainsKey(result.Index))
        {
            return;
        }

        state.State.Done[result.Index] = result;
        _itemsDone.Remove(result.Index);
        if (state.State.Done.Count == state.State.Spec!.ShardCount)
        {
            await FinishAsync();
            return;
        }

        await SaveAsync();
    }

    public async Task ReportShardFailedAsync(int index, string planId, string error)
    {
        if (state.State.Phase != JobPhase.Writing || planId != state.State.PlanId)
        {
            return;
        }

        await FailAsync("shard_failed", $"shard {index}: {error}");
    }

    /// <summary>Plans when there is no plan yet; otherwise (re)starts the driver timer.</summary>
    private void Continue()
    {
        if (state.State.Phase is JobPhase.Planning or JobPhase.Writing)
        {
            _trace.Start(JobId, state.State.Spec!, state.State.TraceParent);
            state.State.TraceParent ??= _trace.TraceParent;
        }

        if (state.State.Phase == JobPhase.Planning)
        {
            _planning ??= PlanAsync();
        }
        else if (state.State.Phase == JobPhase.Writing)
        {
            _driver ??= this.RegisterGrainTimer(DriveAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.RedriveInterval) { KeepAlive = true });
        }
    }

    private async Task PlanAsync()
    {
        var spec = state.State.Spec!;
        try
        {
            var plan = await Task.Run(() => ShardPlanner.PlanAsync(spec, StorageAccess.Of(options.Value), CancellationToken.None));
            state.State.PlanId = plan.PlanId;
            state.State.ItemsPerShard = plan.ItemsPerShard;
            state.State.Done.Clear();
            state.State.Phase = JobPhase.Writing;
            await SaveAsync();
            LogPlanned(JobId, plan.ItemsPlanned, spec.ShardCount, plan.PlanId);
            Continue();
        }
        catch (Exception e)
        {
            await FailAsync("planning_failed", $"planning: {e.Message}");
        }
        finally
        {
            _planning = null;
        }
    }

    private async Task DriveAsync(CancellationToken ct)
    {
        if (state.State.Phase != JobPhase.Writing)
        {
            return;
        }

        // The writers' grain calls (and so their spans) join the job's trace.
        using var scope = _trace.Enter();
        var spec = state.State.Spec!;
        var pending = Enumerable.Range(0, spec.ShardCount).Where(i => !state.State.Done.ContainsKey(i)).ToList();
        var started = await Task.WhenAll(pending.Select(i => DriveOneAsync(spec, i)));
        var redriven = pending.Where((index, k) => started[k] && !_dispatched.Add(index)).ToList();
        if (redriven.Count > 0)
        {
            state.State.Redrives += redriven.Count;
            LogRedriven(JobId, string.Join(',', redriven));
        }
    }

    private async Task<bool> DriveOneAsync(ConversionJobSpec spec, int index)
    {
        var assignment = new ShardAssignment { JobId = JobId, Index = index, PlanId = state.State.PlanId!, Spec = spec, TraceParent = _trace.TraceParent };
        try
        {
            return await GrainFactory.GetGrain<IShardWriterGrain>($"{JobId}/{index}").EnsureWritingAsync(assignment)
                .WaitAsync(options.Value.WriterCallTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A writer on a silo that is dying does not answer; the next tick tries again.
            LogWriterUnreachable(JobId, index, e.Message);
            return false;
        }
    }

    private async Task FinishAsync()
    {
        var spec = state.State.Spec!;
        try
        {
            var shards = state.State.Done.OrderBy(p => p.Key).Select(p => p.Value).ToList();
            await JobFinisher.FinishAsync(JobId, spec, shards, StorageAccess.Of(options.Value), CancellationToken.None);
            state.State.Phase = JobPhase.Completed;
            StopDriver();
            _trace.Complete(shards.Sum(r => r.Records), shards.Sum(r => r.Bytes));
            await SaveAsync();
            LogCompleted(JobId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            await FailAsync("finishing_failed", $"finishing: {e.Message}");
        }
    }

    /// <summary>Fails the job; <paramref name="errorType"/> is the span's low-cardinality <c>error.type</c>.</summary>
    private async Task FailAsync(string errorType, string error)
    {
        state.State.Phase = JobPhase.Failed;
        state.State.Error = error;
        StopDriver();
        _trace.Fail(errorType, error);
        LogFailed(JobId, error);
        await SaveAsync();
    }

    private void StopDriver()
    {
        _driver?.Dispose();
        _driver = null;
    }

    /// <summary>
    /// Writes the state; when the storage lost it (its owner died), writes this activation's copy over the loss. A storage
    /// outage (the table or blob service unreachable) is retried with exponential backoff, 0.25 s doubling to 8 s, for
    /// about two minutes before the error reaches the caller: the turn waits, so no state change is lost or reordered.
    /// </summary>
    private async Task SaveAsync()
    {
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOrOverwriteAsync();
                return;
            }
            catch (Exception e) when (attempt < SaveAttempts && e is not (InconsistentStateException or OutOfMemoryException))
            {
                LogSaveRetry(JobId, attempt, delay, e.Message);
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(8).Ticks));
            }
        }
    }

    private async Task WriteOrOverwriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            var current = state.State;
            await state.ReadStateAsync();
            state.State = current;
            await state.WriteStateAsync();
        }
    }

    private JobProgress Progress()
    {
        var s = state.State;
        var done = s.Done.Values;
        return new JobProgress
        {
            JobId = JobId,
            Phase = s.Spec is null ? JobPhase.Unknown : s.Phase,
            ShardCount = s.Spec?.ShardCount ?? 0,
            ShardsDone = s.Done.Count,
            ItemsPlanned = s.ItemsPerShard.Sum(),
            ItemsDone = s.Done.Keys.Sum(i => s.ItemsPerShard[i]) + _itemsDone.Values.Sum(),
            RowsRead = done.Sum(r => r.RowsRead),
            ImagesWritten = done.Sum(r => r.ImagesWritten),
            BoxesWritten = done.Sum(r => r.BoxesWritten),
            RowsQuarantined = done.Sum(r => r.RowsQuarantined),
            Error = s.Error,
            OutputDir = s.Spec?.OutputDir,
            Redrives = s.Redrives,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: planned {Items} items in {Shards} shards (plan {PlanId})")]
    private partial void LogPlanned(string job, long items, int shards, string planId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: shards {Shards} started again (their writer was lost)")]
    private partial void LogRedriven(string job, string shards);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job}: writer of shard {Index} did not answer: {Reason}")]
    private partial void LogWriterUnreachable(string job, int index, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: saving its state failed (attempt {Attempt}), retrying in {Delay}: {Reason}")]
    private partial void LogSaveRetry(string job, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: completed")]
    private partial void LogCompleted(string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job}: failed: {Error}")]
    private partial void LogFailed(string job, string error);
}
