using System.Text.Json.Nodes;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// tf.data's <c>batch(batch_size, drop_remainder)</c>: groups <c>size</c> consecutive items; the last, smaller group is
/// kept or dropped. A batch is assembled within one step, so the state is the upstream state alone.
/// </summary>
public sealed class Batch<T> : PipelineStage<IReadOnlyList<T>>
{
    private const string StageName = "batch";
    private readonly PipelineStage<T> _upstream;
    private readonly int _size;
    private readonly bool _dropRemainder;

    public Batch(PipelineStage<T> upstream, int size, bool dropRemainder = false)
        : base(upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _upstream = upstream;
        _size = size;
        _dropRemainder = dropRemainder;
    }

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        var items = new List<T>(_size);
        while (items.Count < _size && await _upstream.MoveNextAsync(ct).ConfigureAwait(false))
        {
            items.Add(_upstream.Current);
        }

        if (items.Count == 0 || (_dropRemainder && items.Count < _size))
        {
            return false;
        }

        Current = items;
        return true;
    }

    public override void Reset(int epoch) => _upstream.Reset(epoch);

    public override PipelineState SaveState()
    {
        var upstream = _upstream.SaveState();
        return PipelineState.Of(() => new JsonObject { ["stage"] = StageName, ["size"] = _size, ["upstream"] = upstream.ToJson() });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var json = state.Expect(StageName);
        var size = PipelineState.Value<int>(json, "size");
        if (size != _size)
        {
            throw new InvalidDataException($"batch state is for batches of {size}, this pipeline's are {_size}");
        }

        _upstream.RestoreState(PipelineState.Upstream(json));
    }
}
