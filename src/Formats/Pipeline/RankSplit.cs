using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// Splits an epoch between data-parallel ranks with DistributedSampler's semantics, by global position: every rank runs
/// the same seeded upstream, and the item at position <c>p</c> of the epoch goes to rank <c>p mod world</c>. So each
/// item goes to exactly one rank, and the shares differ by at most one. To make them equal, the last incomplete row of
/// <c>world</c> items is either padded with repeats of the epoch's first items (<see cref="RankBalance.Pad"/>: position
/// N+i repeats position i mod N, as DistributedSampler pads) or dropped (<see cref="RankBalance.DropLast"/>). A rank's
/// item is released when its row is complete, so a rank never yields an item it would later have to drop.
/// Upstream of the loader this moves <see cref="RecordHandle"/>s: a rank reads only the records it keeps.
/// </summary>
public sealed class RankSplit<T> : PipelineStage<T>
{
    private const string StageName = "rank";
    private readonly PipelineStage<T> _upstream;
    private readonly int _rank;
    private readonly int _world;
    private readonly RankBalance _balance;
    private readonly T[] _first;
    private int _firstCount;
    private long _position;
    private T _mine = default!;
    private bool _hasMine;
    private bool _done;

    public RankSplit(PipelineStage<T> upstream, int rank, int world, RankBalance balance = RankBalance.Pad)
        : base(upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentOutOfRangeException.ThrowIfLessThan(world, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, world);
        _upstream = upstream;
        _rank = rank;
        _world = world;
        _balance = balance;
        _first = new T[world];
    }

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (_done)
        {
            return false;
        }

        while (await _upstream.MoveNextAsync(ct).ConfigureAwait(false))
        {
            var item = _upstream.Current;
            var column = (int)(_position++ % _world);
            if (_firstCount < _world)
            {
                _first[_firstCount++] = item;
            }

            if (column == _rank)
            {
                (_mine, _hasMine) = (item, true);
            }

            if (column == _world - 1)
            {
                return Release();
            }
        }

        _done = true;
        var filled = (int)(_position % _world);
        if (filled == 0 || _balance == RankBalance.DropLast)
        {
            return false;
        }

        if (_hasMine)
        {
            return Release();
        }

        Current = _first[(_rank - filled) % (int)Math.Min(_position, _world)];
        return true;
    }

    public override void Reset(int epoch)
    {
        _upstream.Reset(epoch);
        Array.Clear(_first);
        (_firstCount, _position, _mine, _hasMine, _done) = (0, 0, default!, false, false);
    }

    public override PipelineState SaveState()
    {
        var upstream = _upstream.SaveState();
        var first = _first[.._firstCount];
        var (position, mine, hasMine, done) = (_position, _mine, _hasMine, _done);
        return PipelineState.Of(() => new JsonObject
        {
            ["stage"] = StageName,
            ["rank"] = _rank,
            ["world"] = _world,
            ["position"] = position,
            ["done"] = done,
            ["first"] = JsonSerializer.SerializeToNode(first),
            ["mine"] = hasMine ? JsonSerializer.SerializeToNode(mine) : null,
            ["upstream"] = upstream.ToJson(),
        });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var json = state.Expect(StageName);
        var (rank, world) = (PipelineState.Value<int>(json, "rank"), PipelineState.Value<int>(json, "world"));
        if (rank != _rank || world != _world)
        {
            throw new InvalidDataException($"rank state is for rank {rank} of {world}, this pipeline is rank {_rank} of {_world}");
        }

        var first = PipelineState.Value<T[]>(json, "first");
        if (first.Length > _world)
        {
            throw new InvalidDataException($"rank state holds {first.Length} first items, at most {_world} expected");
        }

        _upstream.RestoreState(PipelineState.Upstream(json));
        Array.Clear(_first);
        first.CopyTo(_first, 0);
        _firstCount = first.Length;
        _position = PipelineState.Value<long>(json, "position");
        _done = PipelineState.Value<bool>(json, "done");
        _hasMine = json["mine"] is not null;
        _mine = _hasMine ? json["mine"]!.Deserialize<T>()! : default!;
    }

    private bool Release()
    {
        Current = _mine;
        (_mine, _hasMine) = (default!, false);
        return true;
    }
}
