using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Cluster.Formats.Telemetry;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// tf.data's <c>prefetch(buffer_size)</c>: a background task pulls up to <c>depth</c> items ahead into a bounded channel.
/// When the consumer stops taking items, the channel fills and the task stops pulling, so back-pressure reaches the file
/// reads upstream. The <c>reader.queue.depth</c> up-down counter follows the items waiting (+1 queued, -1 taken or
/// discarded by a reset, restore or dispose), so it returns to zero whenever the stage stops. Each item travels with the upstream state taken right after it, so the state of this stage is the
/// upstream's position after the last item the consumer received, however far the task has run ahead.
/// </summary>
public sealed class Prefetch<T> : PipelineStage<T>
{
    private const string StageName = "prefetch";
    private readonly PipelineStage<T> _upstream;
    private readonly int _depth;
    private readonly int _rank;
    private readonly ClusterMetrics _metrics;
    private Channel<Entry>? _channel;
    private Task? _producer;
    private CancellationTokenSource? _stop;
    private PipelineState _delivered;
    private bool _ended;

    /// <summary><paramref name="rank"/> tags the queue depth; <paramref name="metrics"/> defaults to <see cref="ClusterMetrics.Default"/>.</summary>
    public Prefetch(PipelineStage<T> upstream, int depth, int rank = 0, ClusterMetrics? metrics = null)
        : base(upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _upstream = upstream;
        _depth = depth;
        _rank = rank;
        _metrics = metrics ?? ClusterMetrics.Default;
        _delivered = upstream.SaveState();
    }

    /// <summary>Items pulled from upstream and waiting for the consumer (at most the depth, plus one being written).</summary>
    public int Buffered => _channel?.Reader.CanCount == true ? _channel.Reader.Count : 0;

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (_ended)
        {
            return false;
        }

        if (_channel is null)
        {
            Start();
        }

        var entry = await _channel!.Reader.ReadAsync(ct).ConfigureAwait(false);
        if (entry.Error is { } error)
        {
            _ended = true;
            error.Throw();
        }

        if (entry.State is null)
        {
            _ended = true;
            return false;
        }

        _metrics.ReaderQueueChanged(_rank, -1);
        Current = entry.Item;
        _delivered = entry.State;
        return true;
    }

    public override void Reset(int epoch)
    {
        Stop();
        _upstream.Reset(epoch);
        _delivered = _upstream.SaveState();
    }

    public override PipelineState SaveState()
    {
        var delivered = _delivered;
        return PipelineState.Of(() => new JsonObject { ["stage"] = StageName, ["upstream"] = delivered.ToJson() });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var upstream = PipelineState.Upstream(state.Expect(StageName));
        Stop();
        _upstream.RestoreState(upstream);
        _delivered = upstream;
    }

    public override async ValueTask DisposeAsync()
    {
        Stop();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Start()
    {
        _stop = new CancellationTokenSource();
        _channel = Channel.CreateBounded<Entry>(new BoundedChannelOptions(_depth) { SingleReader = true, SingleWriter = true });
        var (writer, token) = (_channel.Writer, _stop.Token);
        _producer = Task.Run(() => ProduceAsync(writer, token), CancellationToken.None);
    }

    private async Task ProduceAsync(ChannelWriter<Entry> writer, CancellationToken ct)
    {
        try
        {
            while (await _upstream.MoveNextAsync(ct).ConfigureAwait(false))
            {
                var entry = new Entry(_upstream.Current, _upstream.SaveState(), null);
                _metrics.ReaderQueueChanged(_rank, +1);
                try
                {
                    await writer.WriteAsync(entry, ct).ConfigureAwait(false);
                }
                catch
                {
                    _metrics.ReaderQueueChanged(_rank, -1);
                    throw;
                }
            }

            await writer.WriteAsync(new Entry(default!, null, null), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopped by Reset, RestoreState or DisposeAsync
        }
        catch (Exception e)
        {
            await writer.WriteAsync(new Entry(default!, null, ExceptionDispatchInfo.Capture(e)), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>Stops the background task and waits for it, so that nothing else touches the upstream stages.</summary>
    private void Stop()
    {
        if (_stop is null)
        {
            return;
        }

        _stop.Cancel();
        Discard(); // also frees a slot in case the producer waits to write an error
        _producer!.GetAwaiter().GetResult();
        Discard();
        _stop.Dispose();
        (_stop, _channel, _producer, _ended) = (null, null, null, false);
    }

    /// <summary>Empties the channel; each item dropped leaves the queue depth.</summary>
    private void Discard()
    {
        while (_channel!.Reader.TryRead(out var entry))
        {
            if (entry.State is not null)
            {
                _metrics.ReaderQueueChanged(_rank, -1);
            }
        }
    }

    private readonly record struct Entry(T Item, PipelineState? State, ExceptionDispatchInfo? Error);
}
