using System.Text.Json.Nodes;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// tf.data's <c>map(f, num_parallel_calls, deterministic)</c>: runs <c>map</c> on up to <c>degree</c> items at once on
/// pool threads (degree 1: on the calling thread). Deterministic: results in input order. Not deterministic: whichever finishes first.
/// State, exact in both modes: the upstream state after the last input whose result and all earlier results were
/// returned (the watermark), plus which later inputs were already returned; restoring maps the rest, skipping those. That
/// needs an upstream that, restored, yields the same inputs in the same order (every seeded stage does;
/// <c>Interleave(deterministic: false)</c> does not, as its order depends on which shard indexes are ready first).
/// </summary>
public sealed class ParallelMap<TIn, TOut> : PipelineStage<TOut>
{
    private const string StageName = "map";
    private readonly PipelineStage<TIn> _upstream;
    private readonly Func<TIn, CancellationToken, TOut> _map;
    private readonly int _degree;
    private readonly bool _deterministic;
    private readonly List<Pending> _pending = [];
    private readonly SortedDictionary<long, PipelineState> _returnedAhead = [];
    private HashSet<long> _skip = [];
    private PipelineState _watermarkState;
    private long _watermark;
    private long _nextSeq;
    private bool _inputEnded;

    public ParallelMap(PipelineStage<TIn> upstream, Func<TIn, CancellationToken, TOut> map, int degree, bool deterministic = true)
        : base(upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);
        _upstream = upstream;
        _map = map;
        _degree = degree;
        _deterministic = deterministic;
        _watermarkState = upstream.SaveState();
    }

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        while (!_inputEnded && _pending.Count < _degree)
        {
            if (!await _upstream.MoveNextAsync(ct).ConfigureAwait(false))
            {
                _inputEnded = true;
                break;
            }

            var seq = _nextSeq++;
            var input = _upstream.Current;
            var after = _upstream.SaveState();
            if (_skip.Remove(seq))
            {
                Returned(seq, after); // returned before the checkpoint this run resumed from
                continue;
            }

            _pending.Add(new Pending(seq, after, _degree == 1 ? MapHere(input, ct) : Task.Run(() => _map(input, ct), ct)));
        }

        if (_pending.Count == 0)
        {
            return false;
        }

        var index = 0;
        if (_deterministic)
        {
            await _pending[0].Task.WaitAsync(ct).ConfigureAwait(false);
        }
        else
        {
            var done = await Task.WhenAny(_pending.Select(p => p.Task)).WaitAsync(ct).ConfigureAwait(false);
            index = _pending.FindIndex(p => ReferenceEquals(p.Task, done));
        }

        var finished = _pending[index];
        _pending.RemoveAt(index);
        Current = await finished.Task.ConfigureAwait(false);
        Returned(finished.Seq, finished.StateAfter);
        return true;
    }

    /// <summary>Degree 1: maps on the calling thread (no hand-off to the pool for work that is often shorter than one).</summary>
    private Task<TOut> MapHere(TIn input, CancellationToken ct)
    {
        try
        {
            return Task.FromResult(_map(input, ct));
        }
        catch (Exception e)
        {
            return Task.FromException<TOut>(e);
        }
    }

    public override void Reset(int epoch)
    {
        _upstream.Reset(epoch);
        Clear([], _upstream.SaveState());
    }

    public override PipelineState SaveState()
    {
        var watermark = _watermarkState;
        var ahead = _returnedAhead.Keys.Select(s => s - _watermark).ToArray();
        return PipelineState.Of(() => new JsonObject
        {
            ["stage"] = StageName,
            ["returnedAhead"] = new JsonArray([.. ahead.Select(a => (JsonNode)a)]),
            ["upstream"] = watermark.ToJson(),
        });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var json = state.Expect(StageName);
        var skip = PipelineState.Value<long[]>(json, "returnedAhead");
        var upstream = PipelineState.Upstream(json);
        _upstream.RestoreState(upstream);
        Clear([.. skip], upstream);
    }

    private void Clear(HashSet<long> skip, PipelineState watermarkState)
    {
        _pending.Clear(); // abandoned results finish on their own; nobody waits for them
        _returnedAhead.Clear();
        (_skip, _watermarkState, _watermark, _nextSeq, _inputEnded) = (skip, watermarkState, 0, 0, false);
    }

    /// <summary>Marks input <paramref name="seq"/> as returned and moves the watermark over every returned input in a row.</summary>
    private void Returned(long seq, PipelineState after)
    {
        _returnedAhead[seq] = after;
        while (_returnedAhead.Remove(_watermark, out var state))
        {
            _watermarkState = state;
            _watermark++;
        }
    }

    private sealed record Pending(long Seq, PipelineState StateAfter, Task<TOut> Task);
}
