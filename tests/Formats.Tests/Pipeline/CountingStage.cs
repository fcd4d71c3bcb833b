using Cluster.Formats.Pipeline;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>Wraps a stage and counts the items pulled from it (thread-safe read), to observe back-pressure.</summary>
internal sealed class CountingStage<T>(PipelineStage<T> inner) : PipelineStage<T>(inner)
{
    private int _pulled;

    public int Pulled => Volatile.Read(ref _pulled);

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (!await inner.MoveNextAsync(ct))
        {
            return false;
        }

        Interlocked.Increment(ref _pulled);
        Current = inner.Current;
        return true;
    }

    public override void Reset(int epoch) => inner.Reset(epoch);

    public override PipelineState SaveState() => inner.SaveState();

    public override void RestoreState(PipelineState state) => inner.RestoreState(state);
}
