using System.Text.Json.Nodes;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// tf.data's <c>interleave(cycle_length, block_length)</c> over shards: up to <c>cycleLength</c> shards are open, and
/// <c>blockLength</c> records are taken from each in turn. A slot whose shard ends is emptied and the cycle moves on; the
/// next shard fills it when the cycle comes back (the same order as tf.data's InterleaveDatasetOp). With
/// <c>deterministic: false</c> a slot whose shard is still being indexed is passed over instead of waited for (its own state
/// stays exact, but a restored run may yield the rest in another order, so a non-deterministic <see cref="ParallelMap{TIn,TOut}"/>
/// downstream cannot resume over it; <see cref="ReaderPipeline"/> keeps interleave deterministic).
/// State: the slots (shard and next record), the cycle and block position, and the shard source's state.
/// </summary>
public sealed class Interleave : PipelineStage<RecordHandle>
{
    private const string StageName = "interleave";
    private readonly ShardSource _source;
    private readonly ShardCatalog _catalog;
    private readonly int _cycleLength;
    private readonly int _blockLength;
    private readonly bool _deterministic;
    private readonly Slot?[] _slots;
    private int _cycleIndex;
    private int _blockIndex;
    private int _open;
    private bool _endOfInput;

    public Interleave(ShardSource source, int cycleLength, int blockLength = 1, bool deterministic = true)
        : base(source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycleLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 1);
        _source = source;
        _catalog = source.Catalog;
        _cycleLength = cycleLength;
        _blockLength = blockLength;
        _deterministic = deterministic;
        _slots = new Slot?[cycleLength];
    }

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        var passedOver = 0;
        while (!_endOfInput || _open > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (_slots[_cycleIndex] is { } slot)
            {
                if (slot.Index is null)
                {
                    if (!_deterministic && !slot.Loading.IsCompleted && ++passedOver <= _cycleLength)
                    {
                        NextInCycle();
                        continue;
                    }

                    slot.Index = await slot.Loading.ConfigureAwait(false);
                }

                passedOver = 0;
                if (slot.Next < slot.Index.Count)
                {
                    Current = slot.Index.Handle(slot.Next++, _source.Epoch);
                    if (++_blockIndex == _blockLength)
                    {
                        NextInCycle();
                    }

                    return true;
                }

                _slots[_cycleIndex] = null;
                _open--;
                NextInCycle();
            }
            else if (!_endOfInput)
            {
                if (await _source.MoveNextAsync(ct).ConfigureAwait(false))
                {
                    _slots[_cycleIndex] = Open(_source.Current.Index, 0);
                    _open++;
                }
                else
                {
                    _endOfInput = true;
                }
            }
            else
            {
                NextInCycle();
            }
        }

        return false;
    }

    public override void Reset(int epoch)
    {
        _source.Reset(epoch);
        Array.Clear(_slots);
        (_cycleIndex, _blockIndex, _open, _endOfInput) = (0, 0, 0, false);
    }

    public override PipelineState SaveState()
    {
        var upstream = _source.SaveState();
        var slots = _slots.Select(s => s is null ? null : new[] { s.Shard, s.Next }).ToArray();
        var (cycleIndex, blockIndex, endOfInput) = (_cycleIndex, _blockIndex, _endOfInput);
        return PipelineState.Of(() => new JsonObject
        {
            ["stage"] = StageName,
            ["cycleIndex"] = cycleIndex,
            ["blockIndex"] = blockIndex,
            ["endOfInput"] = endOfInput,
            ["slots"] = new JsonArray([.. slots.Select(s => s is null ? null : (JsonNode)new JsonArray(s[0], s[1]))]),
            ["upstream"] = upstream.ToJson(),
        });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var json = state.Expect(StageName);
        var slots = PipelineState.Value<int[]?[]>(json, "slots");
        if (slots.Length != _cycleLength)
        {
            throw new InvalidDataException($"interleave state has {slots.Length} slots, this pipeline's cycle length is {_cycleLength}");
        }

        _source.RestoreState(PipelineState.Upstream(json));
        _cycleIndex = PipelineState.Value<int>(json, "cycleIndex");
        _blockIndex = PipelineState.Value<int>(json, "blockIndex");
        _endOfInput = PipelineState.Value<bool>(json, "endOfInput");
        if (_cycleIndex < 0 || _cycleIndex >= _cycleLength || _blockIndex < 0 || _blockIndex >= _blockLength)
        {
            throw new InvalidDataException($"interleave state position ({_cycleIndex}, {_blockIndex}) is outside cycle {_cycleLength}, block {_blockLength}");
        }

        _open = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            _slots[i] = slots[i] is [var shard, var next] ? Open(shard, next) : null;
            _open += _slots[i] is null ? 0 : 1;
        }
    }

    private Slot Open(int shard, int next) => new(shard, _catalog.IndexAsync(shard)) { Next = next };

    private void NextInCycle()
    {
        _blockIndex = 0;
        _cycleIndex = (_cycleIndex + 1) % _cycleLength;
    }

    private sealed class Slot(int shard, Task<ShardIndex> loading)
    {
        public int Shard { get; } = shard;

        public Task<ShardIndex> Loading { get; } = loading;

        public ShardIndex? Index { get; set; }

        public int Next { get; set; }
    }
}
