using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// tf.data's <c>shuffle(buffer_size, seed, reshuffle_each_iteration)</c>: fills a buffer of <c>bufferSize</c> items,
/// then returns a uniform draw from it and refills the drawn slot with the next input. The generator is seeded with
/// <c>seed</c>, or with a value derived from <c>seed</c> and the epoch when <c>reshuffleEachEpoch</c>.
/// State: the generator, the buffer's items (so <typeparamref name="T"/> should be small, e.g. <see cref="RecordHandle"/>),
/// and the upstream state.
/// </summary>
public sealed class Shuffle<T> : PipelineStage<T>
{
    private const string StageName = "shuffle";
    private readonly PipelineStage<T> _upstream;
    private readonly long _seed;
    private readonly bool _reshuffleEachEpoch;
    private readonly T[] _buffer;
    private PipelineRandom _random;
    private int _count;
    private int _hole = -1;
    private bool _inputEnded;

    public Shuffle(PipelineStage<T> upstream, int bufferSize, long seed, bool reshuffleEachEpoch = true)
        : base(upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _upstream = upstream;
        _seed = seed;
        _reshuffleEachEpoch = reshuffleEachEpoch;
        _buffer = new T[bufferSize];
        _random = new PipelineRandom(SeedFor(0));
    }

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (_hole >= 0)
        {
            if (!_inputEnded && await _upstream.MoveNextAsync(ct).ConfigureAwait(false))
            {
                _buffer[_hole] = _upstream.Current;
            }
            else
            {
                _inputEnded = true;
                _buffer[_hole] = _buffer[--_count];
                _buffer[_count] = default!;
            }

            _hole = -1;
        }

        while (!_inputEnded && _count < _buffer.Length)
        {
            if (await _upstream.MoveNextAsync(ct).ConfigureAwait(false))
            {
                _buffer[_count++] = _upstream.Current;
            }
            else
            {
                _inputEnded = true;
            }
        }

        if (_count == 0)
        {
            return false;
        }

        _hole = _random.NextInt(_count);
        Current = _buffer[_hole];
        return true;
    }

    public override void Reset(int epoch)
    {
        _upstream.Reset(epoch);
        Array.Clear(_buffer);
        (_count, _hole, _inputEnded) = (0, -1, false);
        _random = new PipelineRandom(SeedFor(epoch));
    }

    public override PipelineState SaveState()
    {
        var upstream = _upstream.SaveState();
        var buffer = _buffer[.._count];
        var (random, hole, inputEnded) = (_random.State, _hole, _inputEnded);
        return PipelineState.Of(() => new JsonObject
        {
            ["stage"] = StageName,
            ["random"] = JsonSerializer.SerializeToNode(random),
            ["hole"] = hole,
            ["inputEnded"] = inputEnded,
            ["buffer"] = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(buffer)), // backed by the parsed bytes: written back out without building a tree
            ["upstream"] = upstream.ToJson(),
        });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var json = state.Expect(StageName);
        var buffer = PipelineState.Value<T[]>(json, "buffer");
        var hole = PipelineState.Value<int>(json, "hole");
        if (buffer.Length > _buffer.Length || hole >= buffer.Length || hole < -1)
        {
            throw new InvalidDataException($"shuffle state holds {buffer.Length} items (hole {hole}), this pipeline's buffer is {_buffer.Length}");
        }

        _upstream.RestoreState(PipelineState.Upstream(json));
        Array.Clear(_buffer);
        buffer.CopyTo(_buffer, 0);
        _count = buffer.Length;
        _hole = hole;
        _inputEnded = PipelineState.Value<bool>(json, "inputEnded");
        _random = PipelineRandom.FromState(PipelineState.Value<ulong[]>(json, "random"));
    }

    private long SeedFor(int epoch) => _reshuffleEachEpoch ? PipelineRandom.Derive(_seed, epoch) : _seed;
}
